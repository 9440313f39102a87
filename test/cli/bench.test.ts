// `nnkit bench`: argument handling and delegation to bench/run.js (the benchmarks themselves are not run here:
// no timing in unit tests). Not about a backend, so it runs once.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/usage-error';
import { benchCommand, benchmarkNames } from '../../src/cli/bench';

/** A fake repository root whose bench/ holds run.js plus the given benchmark files. */
function fakeRoot(files: string[], runJs = 'process.exit(0);\n'): string {
  const root = mkdtempSync(path.join(tmpdir(), 'nnkit-bench-cli-'));
  mkdirSync(path.join(root, 'bench', 'lib'), { recursive: true });
  writeFileSync(path.join(root, 'bench', 'run.js'), runJs);
  writeFileSync(path.join(root, 'bench', 'lib', 'index.js'), '');
  for (const f of files) writeFileSync(path.join(root, 'bench', f), '');
  return root;
}

function recorder() {
  const calls: { runJs: string; args: string[]; cwd: string }[] = [];
  const run = async (runJs: string, args: string[], cwd: string) => {
    calls.push({ runJs, args, cwd });
    return 0;
  };
  return { calls, run };
}

describe('nnkit bench', () => {
  it('lists bench/<name>.js without run.js or helper folders', () => {
    const root = fakeRoot(['gemm.js', 'compare-train.js', 'README.md']);
    expect(benchmarkNames(path.join(root, 'bench'))).toEqual(['compare-train', 'gemm']);
  });

  it('passes names, --json and the flags after -- to bench/run.js, from the repository root', async () => {
    const root = fakeRoot(['gemm.js', 'compare-train.js']);
    const { calls, run } = recorder();
    expect(await benchCommand(['compare-train', '--json', '--', '--rounds', '3'], { root, run })).toBe(0);
    expect(calls).toEqual([
      { runJs: path.join(root, 'bench', 'run.js'), args: ['compare-train', '--json', '--rounds', '3'], cwd: root },
    ]);
  });

  it('runs every benchmark when no name is given', async () => {
    const { calls, run } = recorder();
    await benchCommand([], { root: fakeRoot(['gemm.js']), run });
    expect(calls[0].args).toEqual([]);
  });

  it('rejects an unknown name with the list of benchmarks', async () => {
    const root = fakeRoot(['gemm.js', 'compare-train.js']);
    const { calls, run } = recorder();
    const err = await benchCommand(['gemmm'], { root, run }).catch((e) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(/no benchmark named gemmm; available: compare-train, gemm/);
    expect(calls).toHaveLength(0);
  });

  it('rejects an unknown flag before the -- separator', async () => {
    const err = await benchCommand(['--jsn'], { root: fakeRoot(['gemm.js']), run: recorder().run }).catch((e) => e);
    expect(String(err.code)).toMatch(/ERR_PARSE_ARGS/);
  });

  it('says where the benchmarks are when bench/ is missing (the published package)', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'nnkit-bench-cli-'));
    await expect(benchCommand([], { root, run: recorder().run })).rejects.toThrow(/nnkit repository's bench\/ folder/);
  });

  it('returns the exit code of bench/run.js (real child process)', async () => {
    const root = fakeRoot(['gemm.js'], 'process.exit(process.argv.includes("gemm") ? 3 : 4);\n');
    expect(await benchCommand(['gemm'], { root })).toBe(3);
  });
});
