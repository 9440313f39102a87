// [reliability] #21 item 4: a native allocation failure on a thread-pool thread must become a JS error (a rejected
// promise for the async form), never std::terminate. A scratch allocation failing on a pool thread is provoked by
// the pool's test-only fault injection (NNKIT_TEST_POOL_BAD_ALLOC=1: the first task a pool worker runs throws
// std::bad_alloc), because an address-space limit cannot make a pool thread, rather than the caller, be the one
// whose allocation fails. Before the pool caught task exceptions, these children aborted (SIGABRT).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { describeNative } from '../helpers/backends';

function runChild(mode: string) {
  const r = spawnSync(process.execPath, [path.join(__dirname, 'pool-task-failure-child.js'), mode], {
    encoding: 'utf8',
    timeout: 110_000,
    env: { ...process.env, NNKIT_THREADS: '2', NNKIT_TEST_POOL_BAD_ALLOC: '1' },
  });
  expect(r.signal, r.stderr).toBeNull();
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { error: string | null; calls: number; correctAfter: boolean };
}

describeNative('an allocation failure inside a thread-pool task', () => {
  for (const [mode, what] of [
    ['columns', 'gemm split into column ranges on the pool (N ≥ M)'],
    ['rows', 'gemm split into independent row tasks'],
    ['async', 'gemmAsync (an AsyncWorker calling the pool)'],
  ]) {
    it(`${what}: a JS Error naming bad_alloc, and the pool works afterwards`, () => {
      const out = runChild(mode);
      expect(out.error).toMatch(/bad_alloc/);
      expect(out.correctAfter).toBe(true);
    }, 120_000);
  }
});

// A real allocation failure: under an address-space limit 512 MiB above what Node and the addon need with one
// thread, the OS refuses most of 256 pool threads (8 MiB of stack each); the pool must start with the threads it
// got. Before, the refused thread's std::system_error aborted the process.
describeNative('a pool whose threads the OS refuses', () => {
  const addonDir = JSON.stringify(path.join(__dirname, '..', '..'));
  const child = `
    const addon = require('node-gyp-build')(${addonDir});
    const c = new Float32Array(4);
    addon.gemm(false, false, 2, 2, 2, 1, Float32Array.of(1, 2, 3, 4), 2, Float32Array.of(5, 6, 7, 8), 2, 0, c, 2);
    const peakKiB = Number(/VmPeak:\\s+(\\d+)/.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8'))[1]);
    process.stdout.write(JSON.stringify({ threads: addon.info().threads, c: Array.from(c), peakKiB }));`;
  const run = (threads: number, limitKiB: string) => {
    const r = spawnSync('sh', ['-c', `ulimit -v ${limitKiB} && exec "$0" -e "$1"`, process.execPath, child], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, NNKIT_THREADS: String(threads) },
    });
    expect(r.signal, r.stderr).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as { threads: number; c: number[]; peakKiB: number };
  };

  it.skipIf(process.platform !== 'linux')(
    'starts with fewer threads under ulimit -v and computes correctly',
    () => {
      const alone = run(1, 'unlimited');
      const out = run(256, String(alone.peakKiB + 512 * 1024));
      expect(out.threads).toBeGreaterThanOrEqual(1);
      expect(out.threads).toBeLessThan(256); // the limit really refused threads
      expect(out.c).toEqual([19, 22, 43, 50]);
    },
    70_000,
  );
});
