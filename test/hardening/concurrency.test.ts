// Concurrency: 8 models training at once in worker_threads plus 2 on the main thread give weights identical to
// sequential runs with the same seeds (native kernels shared by every thread, one thread pool); and the pool keeps
// working when a worker is terminated in the middle of native calls.
import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { BatchNorm, data, Dense, optim, ReLU, Sequential, setBackend, type Dataset } from '../../src';
import { describeEachBackend, describeNative } from '../helpers/backends';
import { ensureDist, root } from '../helpers/dist';
import { uniform } from '../helpers/random';

beforeAll(() => ensureDist(), 120_000);

function model(seed: number) {
  return new Sequential([
    new Dense(64, 32, { seed }),
    new BatchNorm(32),
    new ReLU(),
    new Dense(32, 10, { seed: seed + 100 }),
  ]);
}

async function train(seed: number, set: Dataset, worker: boolean): Promise<Float32Array[]> {
  const m = model(seed);
  await m.fit(set, { epochs: 2, batchSize: 32, seed, worker, optimizer: new optim.SGD({ lr: 0.05, momentum: 0.9 }) });
  return m.parameters().map((p) => Float32Array.from(p.value));
}

describeEachBackend('concurrency', (b) => {
  it('8 worker_thread fits + 2 main-thread fits at once equal the same fits run one by one', async () => {
    setBackend(b.name);
    const { train: digits } = await data.loadDigits();
    const set = data.subset(
      digits,
      Array.from({ length: 400 }, (_, i) => i),
    );
    const seeds = Array.from({ length: 10 }, (_, i) => i + 1);
    const sequential: Float32Array[][] = [];
    for (const s of seeds) sequential.push(await train(s, set, false));
    const concurrent = await Promise.all(seeds.map((s, i) => train(s, set, i < 8)));
    seeds.forEach((s, i) =>
      concurrent[i].forEach((w, j) =>
        expect(Array.from(w), `seed ${s} param ${j}`).toEqual(Array.from(sequential[i][j])),
      ),
    );
  }, 300_000);
});

describeNative('thread pool', (native) =>
  it('survives workers terminated in the middle of native calls', async () => {
    const script = `
    const { parentPort } = require('node:worker_threads');
    const b = require(${JSON.stringify(path.join(root, 'dist'))}).getBackend('native');
    const n = 256, A = new Float32Array(n * n).fill(1), C = new Float32Array(n * n);
    parentPort.postMessage('ready');
    for (;;) b.gemm(false, false, n, n, n, 1, A, n, A, n, 0, C, n);`;
    for (let round = 0; round < 10; round++) {
      const w = new Worker(script, { eval: true, env: { ...process.env, NNKIT_BACKEND: 'native' } });
      await new Promise((resolve, reject) => {
        w.once('message', resolve);
        w.once('error', reject);
      });
      await new Promise((r) => setTimeout(r, 5 + round * 7));
      await w.terminate();
    }
    const n = 300,
      A = uniform(n * n, 1),
      B = uniform(n * n, 2),
      C = new Float32Array(n * n),
      t = uniform(n, 3);
    native.gemm(false, false, n, n, n, 1, A, n, B, n, 0, C, n);
    // residual check C·t = A·(B·t)
    const Bt = new Float64Array(n),
      ABt = new Float64Array(n),
      Ct = new Float64Array(n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        Bt[i] += B[i * n + j] * t[j];
        Ct[i] += C[i * n + j] * t[j];
      }
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) ABt[i] += A[i * n + j] * Bt[j];
    for (let i = 0; i < n; i++) expect(Math.abs(Ct[i] - ABt[i])).toBeLessThan(1e-2);
  }, 120_000),
);
