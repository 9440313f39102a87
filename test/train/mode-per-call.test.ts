// Training mode is a property of each forward call: predict() and evaluate() while fit runs (a live service
// answering requests during training) change neither the arithmetic of fit (weights, BatchNorm running estimates,
// losses: bit-identical to a run without them) nor the mode that fit's callbacks see (training, at every hook).
import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { Model } from '../../src/model';
import { BatchNorm, Dense, Dropout, ReLU } from '../../src/nn';
import { SGD } from '../../src/optim';
import type { Callbacks } from '../../src/train/callbacks';
import { describeEachBackend } from '../helpers/backends';
import { blobs } from './fixtures';

function model(): Model {
  return new Model([
    new Dense(4, 16, { seed: 1 }),
    new BatchNorm(16),
    new ReLU(),
    new Dropout(0.2, { seed: 5 }),
    new Dense(16, 3, { init: 'xavier', seed: 2 }),
  ]);
}

/** Records, at every hook of fit, whether each layer reports training mode. */
function modeRecorder(seen: boolean[]): Callbacks {
  const record = (ctx: { layers: readonly { training: boolean }[] }) => {
    for (const l of ctx.layers) seen.push(l.training);
  };
  return {
    onTrainStart: record,
    onEpochStart: record,
    onBatchStart: record,
    onBeforeStep: record,
    onBatchEnd: record,
    onEpochEnd: record,
  };
}

async function train(withPredicts: boolean) {
  const data = blobs(240, 1);
  const m = model();
  const seen: boolean[] = [];
  let predicts = 0,
    training = true;
  // A client hammering predict and evaluate: each call starts while fit is suspended between batches.
  const client = (async () => {
    while (withPredicts && training) {
      await m.predict(data.x.sliceRows(0, 50), { batchSize: 10 });
      await m.evaluate({ x: data.x.sliceRows(0, 20), y: data.y.subarray(0, 20) }, { batchSize: 5 });
      predicts++;
    }
  })();
  const history = await m.fit(data, {
    epochs: 3,
    batchSize: 16,
    seed: 3,
    optimizer: new SGD({ lr: 0.05, momentum: 0.9 }),
    validation: blobs(30, 2),
    callbacks: modeRecorder(seen),
  });
  training = false;
  await client;
  const state = [...m.parameters(), ...m.buffers()].map((p) => Array.from(p.value));
  return { history, seen, predicts, state };
}

describeEachBackend('training mode per call', (b) => {
  it('predict and evaluate interleaved with fit: identical weights, and every callback sees training mode', async () => {
    setBackend(b.name);
    const quiet = await train(false);
    const busy = await train(true);
    expect(busy.predicts).toBeGreaterThan(5); // the client really ran during fit
    expect(busy.seen.length).toBeGreaterThan(100);
    expect(busy.seen.every((t) => t)).toBe(true);
    expect(busy.state).toEqual(quiet.state); // weights, biases, γ, β, running mean and variance, bit for bit
    expect(busy.history.batchLoss).toEqual(quiet.history.batchLoss);
    expect(busy.history.epochs.map((e) => e.valLoss)).toEqual(quiet.history.epochs.map((e) => e.valLoss));
  });

  it('fit leaves the mode flag as it found it; predict and evaluate never change it', async () => {
    setBackend(b.name);
    const m = model().eval();
    const data = blobs(60, 1);
    await m.predict(data.x);
    await m.evaluate(data);
    expect(m.layers.map((l) => l.training)).toEqual([false, false, false, false, false]);
    const seen: boolean[] = [];
    await m.fit(data, { epochs: 1, batchSize: 20, callbacks: modeRecorder(seen) });
    expect(seen.every((t) => t)).toBe(true); // a model loaded in eval mode trains in training mode
    expect(m.layers.map((l) => l.training)).toEqual([false, false, false, false, false]);
    m.train();
    await m.predict(data.x);
    expect(m.layers.map((l) => l.training)).toEqual([true, true, true, true, true]);
  });
});
