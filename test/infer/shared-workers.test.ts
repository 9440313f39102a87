// One frozen model used from several worker_threads without copying its weights: share() hands out the plan with
// its arrays in SharedArrayBuffers, FrozenModel.fromShared rebuilds it in each worker. Workers predict what the main
// thread predicts; a write into the shared weights (only a test would do that) shows in every worker, which is
// the proof that no worker holds a copy. Runs the compiled package (dist/) in the workers.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { standardize } from '../../src/data/preprocess';
import { FrozenModel } from '../../src/infer/frozen-model';
import type { SharedFrozenModel } from '../../src/infer/shared';
import { Model } from '../../src/model';
import { BatchNorm, Dense, PReLU, ReLU } from '../../src/nn';
import { Tensor } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import { ensureDist, root } from '../helpers/dist';
import { uniform } from '../helpers/random';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const nnkit = require(${JSON.stringify(path.join(root, 'dist'))});
nnkit.setBackend(workerData.backend);
const frozen = nnkit.FrozenModel.fromShared(workerData.model);
const shared = workerData.model.steps[0].weight.buffer instanceof SharedArrayBuffer;
parentPort.on('message', (row) => parentPort.postMessage({ out: Array.from(frozen.predictSync(row).data), shared }));
`;

function ask(w: Worker, row: number[]): Promise<{ out: number[]; shared: boolean }> {
  return new Promise((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
    w.postMessage(row);
  });
}

describeEachBackend('frozen model shared with worker_threads', (b) => {
  let frozen: FrozenModel, shared: SharedFrozenModel;
  const workers: Worker[] = [];
  const row = Array.from(uniform(8, 3, -2, 2));

  beforeAll(() => {
    ensureDist();
    setBackend(b.name);
    const model = new Model([new Dense(8, 6, { seed: 1 }), new BatchNorm(6), new ReLU(), new PReLU(), new Dense(6, 3)]);
    model.preprocessing = standardize().fit(new Tensor(uniform(40 * 8, 5, -3, 4), [40, 8]));
    frozen = model.freeze();
    shared = frozen.share();
    for (let i = 0; i < 2; i++)
      workers.push(new Worker(WORKER, { eval: true, workerData: { model: shared, backend: b.name } }));
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.terminate()));
  });
  beforeEach(() => {
    setBackend(b.name);
  });

  it('each worker predicts what the main thread predicts, on weights in SharedArrayBuffers', async () => {
    const want = Array.from(frozen.predictSync(row).data);
    for (const w of workers) {
      const r = await ask(w, row);
      expect(r.shared).toBe(true);
      r.out.forEach((v, i) => expect(v).toBeCloseTo(want[i], 6));
    }
  });

  it('the rebuilt model names the layer in width errors, as the original does', () => {
    const rebuilt = FrozenModel.fromShared(shared);
    const message = /predictSync: the model expects 8 features per row \(Dense\(8→6\)\), got 5/;
    expect(() => frozen.predictSync([[1, 2, 3, 4, 5]])).toThrow(message);
    expect(() => rebuilt.predictSync([[1, 2, 3, 4, 5]])).toThrow(message);
  });

  it('a write into the shared weights shows in every worker: one copy of the weights, not one per thread', async () => {
    const before = Array.from(frozen.predictSync(row).data);
    const step = shared.steps[0];
    if (step.kind !== 'linear') throw new Error('expected the first step to be the folded Dense');
    step.weight.fill(0.5);
    const after = Array.from(frozen.predictSync(row).data);
    expect(after).not.toEqual(before);
    for (const w of workers) (await ask(w, row)).out.forEach((v, i) => expect(v).toBeCloseTo(after[i], 6));
  });

  it('fromShared refuses anything else', async () => {
    const { FrozenModel } = await import('../../src/infer/frozen-model');
    expect(() => FrozenModel.fromShared({} as never)).toThrow(/expected what share\(\) returned/);
  });
});
