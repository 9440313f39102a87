// Concurrent GEMM: several worker_threads load the addon themselves (context-aware module) and call gemm while the
// main thread runs gemm and gemmAsync on the same process-wide thread pool. Every result is checked against a
// float64 reference computed in the same thread; a race in the pool or in the per-thread packing buffers shows
// as a wrong element. About the native backend (the JS backend has no shared state between threads).
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { expect, it } from 'vitest';
import { describeNative } from '../helpers/backends';
import { uniform } from '../helpers/random';

const ROOT = path.join(__dirname, '..', '..');

// Runs in each worker: plain JavaScript, the addon through node-gyp-build (as src/backend/native.ts loads it).
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const path = require('node:path');
const addon = require(path.join(workerData.root, 'node_modules', 'node-gyp-build'))(workerData.root);
let seed = workerData.seed >>> 0;
const rand = () => { seed = (seed * 1664525 + 1013904223) >>> 0; return seed / 2 ** 31 - 1; };
let worst = 0;
for (let r = 0; r < workerData.rounds; r++) {
  const tA = (r & 1) === 1, tB = (r & 2) === 2;
  const M = 60 + Math.floor((rand() + 1) * 80), N = 50 + Math.floor((rand() + 1) * 90), K = 40 + Math.floor((rand() + 1) * 150);
  const A = Float32Array.from({ length: M * K }, rand), B = Float32Array.from({ length: K * N }, rand);
  const C = new Float32Array(M * N).fill(NaN);
  addon.gemm(tA, tB, M, N, K, 1, A, tA ? M : K, B, tB ? K : N, 0, C, N);
  for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) {
    let s = 0;
    for (let p = 0; p < K; p++) s += (tA ? A[p * M + i] : A[i * K + p]) * (tB ? B[j * K + p] : B[p * N + j]);
    const e = Math.abs(C[i * N + j] - s) / (1e-5 * Math.sqrt(K) * 4 + 1e-5 * Math.abs(s));
    if (!(e <= worst)) worst = e;
  }
}
parentPort.postMessage({ worst, simd: addon.info().simd });
`;

function runWorker(seed: number, rounds: number): Promise<{ worst: number; simd: string }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER, { eval: true, workerData: { root: ROOT, seed, rounds } });
    w.once('message', resolve);
    w.once('error', reject);
    w.once('exit', (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)));
  });
}

describeNative('gemm from several threads at once', (b) => {
  it('4 worker_threads plus gemm and gemmAsync on the main thread all get correct results', async () => {
    const workers = [1, 2, 3, 4].map((s) => runWorker(s * 7919, 8));
    // Meanwhile the main thread keeps the pool busy with synchronous and asynchronous products.
    const M = 200,
      N = 300,
      K = 250;
    const A = uniform(M * K, 11),
      B = uniform(K * N, 12);
    const want = new Float32Array(M * N);
    b.gemm(false, false, M, N, K, 1, A, K, B, N, 0, want, N);
    const pending: Promise<void>[] = [];
    const outs: Float32Array[] = [];
    for (let r = 0; r < 6; r++) {
      const C = new Float32Array(M * N);
      outs.push(C);
      if (r % 2) pending.push(b.gemmAsync(false, false, M, N, K, 1, A, K, B, N, 0, C, N));
      else b.gemm(false, false, M, N, K, 1, A, K, B, N, 0, C, N);
    }
    await Promise.all(pending);
    const results = await Promise.all(workers);
    for (const r of results) {
      expect(r.simd).toBe(b.info().simd);
      expect(r.worst).toBeLessThanOrEqual(1);
    }
    // Same inputs, same kernel: every split of the work gives bit-identical results.
    for (const C of outs) expect(C.every((v, i) => Object.is(v, want[i]))).toBe(true);
  });
});
