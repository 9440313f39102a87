// Early stopping: stops `patience` epochs after the best validation loss and leaves the model with that epoch's
// weights (and BatchNorm statistics), checked against copies taken by an independent callback.
import { describe, expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { Model } from '../../src/model';
import { BatchNorm, Dense, ReLU } from '../../src/nn';
import { SGD } from '../../src/optim/sgd';
import { Tensor } from '../../src/tensor';
import { EarlyStopping } from '../../src/train/early-stopping';
import { describeEachBackend } from '../helpers/backends';
import { Rng } from '../../src/random';

function data(n: number, seed: number) {
  const rng = new Rng(seed);
  const x = new Float32Array(n * 4);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 4; j++) x[i * 4 + j] = rng.normal();
    y[i] = rng.uniform() < 0.5 ? 0 : 1; // labels unrelated to x: validation loss rises as the model memorizes
  }
  return { x: new Tensor(x, [n, 4]), y, numClasses: 2 };
}

describeEachBackend('EarlyStopping', (b) => {
  it('restores the weights of the lowest validation loss and stops patience epochs later', async () => {
    setBackend(b.name);
    const model = new Model([
      new Dense(4, 32, { seed: 1 }),
      new BatchNorm(32),
      new ReLU(),
      new Dense(32, 2, { seed: 2 }),
    ]);
    const snapshots: Float32Array[][] = [];
    const losses: number[] = [];
    const stopper = new EarlyStopping({ patience: 3 });
    const history = await model.fit(data(64, 1), {
      epochs: 60,
      batchSize: 16,
      optimizer: new SGD({ lr: 0.2, momentum: 0.9 }),
      validation: data(64, 2),
      babysit: false,
      callbacks: [
        {
          onEpochEnd: (_ctx, r) => {
            losses.push(r.valLoss!);
            snapshots.push([...model.parameters(), ...model.buffers()].map((p) => (p.value as Float32Array).slice()));
          },
        },
        stopper,
      ],
    });
    const best = losses.indexOf(Math.min(...losses));
    expect(stopper.bestEpoch).toBe(best + 1);
    expect(history.epochs.length).toBe(best + 1 + 3);
    expect(history.stopReason).toMatch(/early stopping: no validation-loss improvement for 3 epochs/);
    const now = [...model.parameters(), ...model.buffers()].map((p) => Array.from(p.value));
    expect(now).toEqual(snapshots[best].map((a) => Array.from(a)));
    expect(now).not.toEqual(snapshots[snapshots.length - 1].map((a) => Array.from(a)));
  });

  it('fit({ earlyStopping }) stops and restores the best epoch; it needs validation data', async () => {
    setBackend(b.name);
    const make = () => new Model([new Dense(4, 16, { seed: 3 }), new ReLU(), new Dense(16, 2, { seed: 4 })]);
    const opts = { epochs: 80, batchSize: 16, babysit: false as const, validation: data(64, 2) };
    const model = make();
    const losses: number[] = [];
    const history = await model.fit(data(64, 1), {
      ...opts,
      optimizer: new SGD({ lr: 0.3, momentum: 0.9 }),
      earlyStopping: { patience: 4 },
      callbacks: { onEpochEnd: (_c, r) => void losses.push(r.valLoss!) },
    });
    const best = losses.indexOf(Math.min(...losses));
    expect(history.epochs.length).toBe(best + 1 + 4);
    expect(history.stopReason).toMatch(/early stopping/);
    await expect(make().fit(data(64, 1), { epochs: 2, earlyStopping: { patience: 1 } })).rejects.toThrow(
      /earlyStopping watches the validation loss; pass validation data/,
    );
  });

  it('rejects a bad patience', () => {
    expect(() => new EarlyStopping({ patience: 0 })).toThrow(/patience must be a whole number ≥ 1, got 0/);
  });
});

describe('EarlyStopping without validation', () => {
  it('does nothing when no epoch has a validation loss', () => {
    const s = new EarlyStopping();
    s.onTrainEnd({ layers: [] } as never, {} as never);
    expect(s.bestEpoch).toBeUndefined();
  });
});
