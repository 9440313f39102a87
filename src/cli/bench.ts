// `nnkit bench [name ...] [--json] [-- flags for the benchmarks]`: runs the throughput benchmarks of bench/
// (gemm, activations, batchnorm, train, compare-train with the peers, profile-step, ...) through bench/run.js,
// the same entry as `npm run bench`. Without names, every benchmark runs. With --json, one object on stdout:
// { machine, results: [{ name, value, unit, peer, ratio }] }. The benchmarks live in the repository, not in the
// published package (they need benchmark.js and, for the peers, `npm run bench:peers`).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from './usage-error';

export const BENCH_USAGE =
  'usage: nnkit bench [name ...] [--json] [-- flags passed to each benchmark, e.g. --seconds 2]';

export interface BenchOptions {
  /** The repository root holding bench/ (default: two levels above this file, i.e. the package root). */
  root?: string;
  /** Runs `node bench/run.js args` and resolves with its exit code (tests replace it). */
  run?: (runJs: string, args: string[], cwd: string) => Promise<number>;
}

function runNode(runJs: string, args: string[], cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [runJs, ...args], { cwd, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Names of the benchmarks in bench/ (bench/<name>.js, run.js excluded, as bench/run.js lists them). */
export function benchmarkNames(benchDir: string): string[] {
  return readdirSync(benchDir)
    .filter((f) => f.endsWith('.js') && f !== 'run.js')
    .map((f) => f.slice(0, -3))
    .sort();
}

export async function benchCommand(argv: string[], opts: BenchOptions = {}): Promise<number> {
  const dash = argv.indexOf('--');
  const own = dash < 0 ? argv : argv.slice(0, dash);
  const passThrough = dash < 0 ? [] : argv.slice(dash + 1);
  const { values, positionals } = parseArgs({
    args: own,
    strict: true,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false } },
  });
  const root = opts.root ?? path.resolve(__dirname, '..', '..');
  const benchDir = path.join(root, 'bench');
  const runJs = path.join(benchDir, 'run.js');
  if (!existsSync(runJs)) {
    throw new Error(
      `the benchmarks are not here (no ${runJs}): they live in the nnkit repository's bench/ folder, ` +
        'which the published package does not ship; clone the repository, `npm install`, then `npx nnkit bench` there',
    );
  }
  const names = benchmarkNames(benchDir);
  const unknown = positionals.filter((n) => !names.includes(n));
  if (unknown.length) {
    throw new UsageError(`no benchmark named ${unknown.join(', ')}; available: ${names.join(', ')}\n${BENCH_USAGE}`);
  }
  const flags = [...(values.json ? ['--json'] : []), ...passThrough];
  return (opts.run ?? runNode)(runJs, [...positionals, ...flags], root);
}
