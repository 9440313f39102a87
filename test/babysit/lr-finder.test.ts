// Learning-rate range test: the sweep follows its formula, the smoothing matches a naive EMA written here, and the
// suggested rate trains well where a rate far below it barely moves.
import { beforeAll, expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { findLearningRate } from '../../src/babysit/lr-finder';
import type { Dataset } from '../../src/data/dataset';
import { Model } from '../../src/model';
import { SGD } from '../../src/optim/sgd';
import { describeEachBackend } from '../helpers/backends';
import { digits, mlp } from './model-faults';

describeEachBackend('findLearningRate', (b) => {
  let train: Dataset;
  beforeAll(async () => {
    setBackend(b.name);
    ({ train } = await digits());
  });

  it('sweeps log-spaced rates, smooths with a bias-corrected EMA, suggests min/10', async () => {
    const model = mlp([64], 'relu', 'he');
    const before = model.parameters().map((p) => p.value.slice());
    const r = await findLearningRate(model, train, { steps: 150 });
    r.lrs.forEach((lr, k) => expect(lr).toBeCloseTo(1e-6 * (10 / 1e-6) ** (k / 149), 12));
    let m = 0;
    r.losses.forEach((l, k) => {
      m = 0.9 * m + 0.1 * l;
      expect(r.smoothed[k]).toBeCloseTo(m / (1 - 0.9 ** (k + 1)), 9);
    });
    expect(r.diverged).toBe(true); // 10 is far too high for this model
    const finite = r.smoothed.slice(0, -1);
    expect(r.minLossLr).toBe(r.lrs[finite.indexOf(Math.min(...finite))]);
    expect(r.suggested).toBeCloseTo(r.minLossLr / 10, 15);
    expect(r.suggested).toBeGreaterThan(1e-3);
    expect(r.suggested).toBeLessThan(1);
    model.parameters().forEach((p, i) => expect(p.value).toEqual(before[i])); // the sweep ran on a copy
  });

  it('the suggested rate trains far better than a rate 1000x below it (mean loss of the first epoch)', async () => {
    const { suggested } = await findLearningRate(mlp([64], 'relu', 'he'), train, { steps: 120 });
    const lossAt = async (lr: number) => {
      const h = await new Model(mlp([64], 'relu', 'he').layers).fit(train, {
        epochs: 1,
        optimizer: new SGD({ lr, momentum: 0.9 }),
      });
      return h.epochs[0].trainLoss;
    };
    const good = await lossAt(suggested),
      slow = await lossAt(suggested / 1000);
    expect(good, `suggested ${suggested}: ${good} vs ${slow}`).toBeLessThan(1);
    expect(good).toBeLessThan(slow / 2);
  });

  it('rejects bad arguments, naming them', async () => {
    await expect(findLearningRate(mlp([8], 'relu', 'he'), train, { minLr: 1, maxLr: 0.1 })).rejects.toThrow(
      /findLearningRate: need 0 < minLr < maxLr/,
    );
    await expect(findLearningRate(mlp([8], 'relu', 'he'), train, { steps: 1 })).rejects.toThrow(
      /steps must be a whole number ≥ 2/,
    );
    await expect(findLearningRate(null as never, train)).rejects.toThrow(/model must be a Layer/);
  });
});
