// Debug builds assert kernel preconditions at entry (NNKIT_ASSERT, native/kernels/kernel_assert.h); release builds
// compile them out. native/kernels/kernel_assert_check_main.cc is linked with the addon's kernel, SIMD and runtime
// sources (native/sources.gypi minus the Node-API bindings) twice with g++: with NNKIT_DEBUG_CHECKS, valid calls of
// every asserted kernel run through and each broken precondition aborts with its condition on stderr; without it,
// a broken but harmless precondition runs through. Skipped with the reason when g++ is missing.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const NATIVE = path.join(__dirname, '..', '..', 'native');
const SOURCES = [...fs.readFileSync(path.join(NATIVE, 'sources.gypi'), 'utf8').matchAll(/'([^']+\.cc)'/g)]
  .map((m) => m[1])
  .filter((s) => !s.startsWith('binding/'))
  .concat('kernels/kernel_assert_check_main.cc');

// Each case of the check program and the condition text its abort must print.
const VIOLATIONS: [string, string][] = [
  ['gemm-ldc', 'ldc >= n'],
  ['gemm-ldc-one-row', 'ldc >= n'],
  ['skinny-ldx', 'ldx >= k'],
  ['linear-null-weights', '(x && w)'],
  ['skinny-nn-ldw', 'form != WeightForm::nn || ldw >= n'],
  ['bf16-pack-lda', 'lda >= (trans ? m : kc)'],
  ['conv-output-size', 'window2d_checked(g)'],
  ['pool-dilation', 'pool2d_checked(g)'],
  ['max-groups-argmax', 'static_cast<size_t>(argmax[i]) < k'],
  ['softmax-label', 'static_cast<size_t>(labels[i]) < c'],
  ['batchnorm-eps', 'eps > 0.0f'],
  ['adam-step-zero', 'step >= 1.0'],
  ['axpy-null', 'n == 0 || (x && y)'],
];

const noCompiler = spawnSync('g++', ['--version'], { stdio: 'ignore' }).status !== 0;

function compile(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const cc = spawn('g++', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    cc.stderr.on('data', (d) => (err += d));
    cc.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`g++ ${args.join(' ')}\n${err}`))));
  });
}

/** Compiles the sources (two at a time) and links them; sources that never include kernel_assert.h are compiled
 *  once and shared by both builds (`cache`). */
async function build(dir: string, debug: boolean, cache: Map<string, string>): Promise<string> {
  const flags = ['-std=c++17', '-O0', '-pthread', ...(debug ? ['-DNNKIT_DEBUG_CHECKS'] : [])];
  const objects = SOURCES.map((s) => {
    const asserted = fs.readFileSync(path.join(NATIVE, s), 'utf8').includes('kernel_assert.h');
    return {
      s,
      asserted,
      o: cache.get(s) ?? path.join(dir, `${debug ? 'debug' : 'release'}-${s.replace('/', '_')}.o`),
    };
  });
  const todo = objects.filter((x) => x.asserted || !cache.has(x.s));
  const next = async (): Promise<void> => {
    const job = todo.shift();
    if (!job) return;
    await compile([...flags, '-c', path.join(NATIVE, job.s), '-o', job.o]);
    if (!job.asserted) cache.set(job.s, job.o);
    return next();
  };
  await Promise.all([next(), next()]);
  const bin = path.join(dir, debug ? 'check-debug' : 'check-release');
  await compile(['-pthread', ...objects.map((x) => x.o), '-o', bin]);
  return bin;
}

describe('kernel preconditions in a debug build (g++, NNKIT_DEBUG_CHECKS)', () => {
  if (noCompiler) {
    it.skip('skipped: no g++ on PATH', () => {});
    return;
  }
  let debug = '',
    release = '';
  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnkit-asserts-'));
    const cache = new Map<string, string>();
    debug = await build(dir, true, cache);
    release = await build(dir, false, cache);
  }, 900_000);

  const run = (bin: string, which: string) => spawnSync(bin, [which], { encoding: 'utf8', timeout: 60_000 });

  it('valid calls of every asserted kernel pass the checks', () => {
    const r = run(debug, 'valid');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('ok');
  });

  it.each(VIOLATIONS)('%s: aborts, printing the failed condition and where', (which, condition) => {
    const r = run(debug, which);
    expect(r.signal).toBe('SIGABRT');
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('nnkit kernel precondition failed: ');
    expect(r.stderr).toContain(condition);
    expect(r.stderr).toMatch(/native\/kernels\/\w+\.cc:\d+: /);
  });

  it('a release build compiles the checks out: a too-small ldc that one row never reads past runs through', () => {
    const r = run(release, 'gemm-ldc-one-row');
    expect(r.signal).toBe(null);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('ok');
  });
});
