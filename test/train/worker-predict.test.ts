// predict while fit({ worker: true }) runs (src/infer/worker-fit-gate.ts): a trained model answers from the weights
// it had when fit was called until fit resolves, then from the trained ones; a never-trained model refuses with a
// ModelTrainingError (a service's 503) until fit resolves; the swap of weights waits for a predict under way.
import { beforeAll, describe, expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { ModelTrainingError, readingWeights, swapWeights } from '../../src/infer/worker-fit-gate';
import { importONNX } from '../../src/onnx/import';
import { SGD } from '../../src/optim';
import { describeEachBackend } from '../helpers/backends';
import { compileDist } from '../helpers/dist';
import { blobs, mlp } from './fixtures';

// the worker runs the compiled package: compile it so it matches the sources under test
beforeAll(() => compileDist('train/worker-entry.js'), 120_000);

/** A predict's outcome, handled at once (a rejection awaited only after fit would be reported as unhandled). */
const outcome = (p: Promise<unknown>): Promise<PromiseSettledResult<unknown>> =>
  p.then(
    (value) => ({ status: 'fulfilled', value }),
    (reason) => ({ status: 'rejected', reason }),
  );
const settled = (ps: Promise<PromiseSettledResult<unknown>>[]) => Promise.all(ps);

describeEachBackend('predict during a worker fit', (b) => {
  const data = blobs(1500, 1),
    probe = blobs(30, 5).x;
  const fitOpts = { epochs: 3, batchSize: 20, optimizer: new SGD({ lr: 0.05, momentum: 0.9 }), worker: true };

  it('a trained model answers from its weights before fit until fit resolves, then from the trained ones', async () => {
    setBackend(b.name);
    const model = mlp();
    await model.fit(blobs(90, 2), { epochs: 1, batchSize: 30, optimizer: new SGD({ lr: 0.1 }) });
    const before = (await model.predict(probe, { batchSize: 7 })).data.slice();
    const during: Promise<PromiseSettledResult<unknown>>[] = [];
    await model.fit(data, {
      ...fitOpts,
      onProgress: (p) => {
        if (p.batch % 25 === 0) during.push(outcome(model.predict(probe, { batchSize: 7 }).then((t) => t.data)));
      },
    });
    const answers = await settled(during);
    expect(answers.length).toBeGreaterThan(5);
    for (const a of answers) {
      expect(a.status).toBe('fulfilled');
      expect((a as PromiseFulfilledResult<Float32Array>).value).toEqual(before);
    }
    const after = (await model.predict(probe)).data;
    expect(after).not.toEqual(before);
  });

  it('a model imported from ONNX (weights trained elsewhere, no trainingInfo) answers from them meanwhile', async () => {
    setBackend(b.name);
    const trained = mlp();
    await trained.fit(blobs(90, 2), { epochs: 1, batchSize: 30, optimizer: new SGD({ lr: 0.1 }) });
    const model = await importONNX(await trained.exportONNX());
    expect(model.trainingInfo).toBeUndefined();
    const before = (await model.predict(probe)).data.slice();
    const during: Promise<PromiseSettledResult<unknown>>[] = [];
    await model.fit(data, {
      ...fitOpts,
      onProgress: (p) => {
        if (p.phase === 'epoch') during.push(outcome(model.predict(probe).then((t) => t.data)));
      },
    });
    const answers = await settled(during);
    expect(answers.length).toBeGreaterThan(0);
    for (const a of answers) expect(a).toEqual({ status: 'fulfilled', value: before });
  });

  it('a model never trained refuses with ModelTrainingError (code ERR_NNKIT_TRAINING) until fit resolves', async () => {
    setBackend(b.name);
    const model = mlp();
    const during: Promise<PromiseSettledResult<unknown>>[] = [];
    await model.fit(data, {
      ...fitOpts,
      onProgress: (p) => {
        if (p.phase === 'epoch') during.push(outcome(model.predict(probe)), outcome(model.predictLabels(probe)));
      },
    });
    const answers = await settled(during);
    expect(answers.length).toBeGreaterThan(0);
    for (const [k, a] of answers.entries()) {
      const i = Math.floor(k / 2); // predict and predictLabels per epoch: the training state comes first
      expect(a.status).toBe('rejected');
      const e = (a as PromiseRejectedResult).reason;
      expect(e).toBeInstanceOf(ModelTrainingError);
      expect(e.code).toBe('ERR_NNKIT_TRAINING');
      expect(e.message).toMatch(
        new RegExp(`predict: the model is training in a worker thread \\(epoch ${i + 1} of 3\\)`),
      );
    }
    const refit = model.fit(data, { ...fitOpts, epochs: 1 }); // trained now: evaluate answers meanwhile
    await expect(model.evaluate(blobs(30, 5))).resolves.toMatchObject({ loss: expect.any(Number) });
    await refit;
    expect((await model.predict(probe)).rows).toBe(30);
  });
});

describe('the weight swap at the end of a worker fit', () => {
  it('waits for a predict reading the weights, and predicts arriving meanwhile wait for it', async () => {
    const model = {};
    const weights = { version: 1 };
    const seen: number[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const reader = readingWeights(model, 'predict', async () => {
      seen.push(weights.version);
      await held; // a predict between two chunks of rows
      seen.push(weights.version);
    });
    const swap = swapWeights(model, () => (weights.version = 2));
    const late = readingWeights(model, 'predict', async () => void seen.push(weights.version));
    await Promise.resolve();
    expect(weights.version).toBe(1); // the swap has not run while the reader is inside
    release();
    await Promise.all([reader, swap, late]);
    expect(seen).toEqual([1, 1, 2]);
  });
});
