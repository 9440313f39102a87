// Runs native products until the one injected allocation failure on a pool thread (NNKIT_TEST_POOL_BAD_ALLOC=1,
// native/runtime/thread_pool.cc) hits, then checks one more product against a naive one. Run as a child process by
// pool-task-failure.test.ts, so an abort (std::terminate on the pool thread) shows as a signal.
// usage: node pool-task-failure-child.js <columns|rows|async>  → prints {"error", "calls", "correctAfter"}
//   columns: gemm with N ≥ M (A packed by pool tasks, then column ranges as pool tasks: gemm_pool_columns),
//   rows: M > N (independent row tasks), async: gemmAsync (an AsyncWorker on a libuv thread calling the pool).
'use strict';
const path = require('node:path');

const addon = process.env.NNKIT_NATIVE_PATH
  ? require(process.env.NNKIT_NATIVE_PATH)
  : require('node-gyp-build')(path.join(__dirname, '..', '..'));

const mode = process.argv[2];
const [M, N, K] = mode === 'rows' ? [384, 48, 256] : [128, 256, 256];

function filled(length, seed) {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = (((i * 7919 + seed) % 97) - 48) / 64;
  return out;
}
const a = filled(M * K, 1),
  b = filled(K * N, 2);

function naiveProduct() {
  const c = new Float64Array(M * N);
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let p = 0; p < K; p++) s += a[i * K + p] * b[p * N + j];
      c[i * N + j] = s;
    }
  return c;
}

async function product() {
  const c = new Float32Array(M * N);
  const args = [false, false, M, N, K, 1, a, K, b, N, 0, c, N];
  if (mode === 'async') await addon.gemmAsync(...args);
  else addon.gemm(...args);
  return c;
}

async function main() {
  let error = null,
    calls = 0;
  const deadline = Date.now() + 60_000; // a loaded machine may leave the workers asleep for many small jobs
  while (error === null && Date.now() < deadline) {
    calls++;
    try {
      await product();
    } catch (e) {
      error = String(e && e.message);
    }
  }
  const expected = naiveProduct(),
    c = await product();
  const correctAfter = expected.every((v, i) => Math.abs(v - c[i]) <= 1e-3 * (1 + Math.abs(v)));
  process.stdout.write(JSON.stringify({ error, calls, correctAfter }));
}
main();
