// Issue #21 item 5: an epoch whose last batch would hold one row (N ≡ 1 mod B) used to abort fit with BatchNorm's
// "training needs at least 2 samples". The lone row now joins the previous batch (B + 1 rows): every row is still
// seen once per epoch. Covered in fit, the LR finder and a search trial.
import { beforeEach, expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { Batcher } from '../../src/data/batches';
import { loadDigits } from '../../src/data/digits';
import { findLearningRate } from '../../src/babysit/lr-finder';
import { Rng } from '../../src/random';
import { runTrial } from '../../src/search/run-trial';
import { describeEachBackend } from '../helpers/backends';
import { blobs, mlp } from '../train/fixtures';

describeEachBackend('a one-row last batch', (b) => {
  beforeEach(() => {
    setBackend(b.name);
  });

  it('Batcher: 65 rows in batches of 32 are 32 + 33, each row exactly once', () => {
    const data = blobs(65, 2);
    const batcher = new Batcher(data, 32);
    batcher.shuffle(new Rng(5));
    expect(batcher.batchesPerEpoch).toBe(2);
    const sizes = [...batcher.epoch()].map((bt) => bt.x.rows);
    expect(sizes).toEqual([32, 33]);
    // every row once: the sum of the (distinct, +10-offset) first features equals the data's
    let seen = 0;
    for (const bt of batcher.epoch()) for (let i = 0; i < bt.x.rows; i++) seen += bt.x.data[i * 4];
    let all = 0;
    for (let i = 0; i < 65; i++) all += data.x.data[i * 4];
    expect(seen).toBeCloseTo(all, 2);
    expect(() => batcher.batch(2)).toThrow(RangeError);
    // other remainders are untouched: 66 rows → 32, 32, 2
    expect([...new Batcher(blobs(66, 2), 32).epoch()].map((bt) => bt.x.rows)).toEqual([32, 32, 2]);
  });

  it('fit with BatchNorm on 33 rows in batches of 32 trains every epoch', async () => {
    const h = await mlp().fit(blobs(33, 1), { epochs: 3, batchSize: 32 });
    expect(h.stopped).toBe(false);
    expect(h.epochs.length).toBe(3);
    expect(h.batchLoss.length).toBe(3); // one batch of 33 per epoch
  });

  it('the LR finder with BatchNorm on 65 rows in batches of 64', async () => {
    const r = await findLearningRate(mlp(), blobs(65, 1), { batchSize: 64, steps: 10 });
    expect(r.losses.length).toBeGreaterThan(1);
    expect(r.losses.every(Number.isFinite)).toBe(true);
  });

  it('a search trial whose training split is ≡ 1 (mod batch size) is ok, not failed', async () => {
    const n0 = (await loadDigits()).train.x.rows;
    // find a subsample whose training part (after holding out round(0.1·keep)) is 32k + 1 rows
    let keep = n0 - 200;
    while ((keep - Math.round(keep * 0.1)) % 32 !== 1) keep--;
    const fraction = keep / n0;
    expect(Math.round(n0 * fraction)).toBe(keep);
    const r = await runTrial({
      id: 't',
      stage: 1,
      config: { lr: 0.05, hidden: 16, bn: true, batchSize: 32 },
      seed: 1,
      epochs: 1,
      data: { kind: 'digits' },
      subsample: fraction,
    });
    expect(r.reason).toBeUndefined();
    expect(r.status).toBe('ok');
  });
});
