// Fold handling in cross-validation: every row validated exactly once and never trained on in its own fold,
// the score is the mean of the folds, an aborted fold aborts the trial and skips the rest.
import { describe, expect, it } from 'vitest';
import { crossValidate } from '../../src/search/cross-validation';

describe('cross-validation', () => {
  it('validates each row exactly once, trains on the rest, and averages the fold accuracies', async () => {
    const n = 23;
    const k = 5;
    const validatedCount = new Int32Array(n);
    const sizes: number[] = [];
    const res = await crossValidate(n, k, 7, async (fold, f) => {
      const train = new Set(fold.train);
      for (const r of fold.validation) {
        validatedCount[r]++;
        expect(train.has(r)).toBe(false);
      }
      expect(fold.train.length + fold.validation.length).toBe(n);
      sizes.push(fold.validation.length);
      return { status: 'ok', valAccuracy: 0.5 + f / 10, epochs: 2 };
    });
    expect([...validatedCount]).toEqual(new Array(n).fill(1));
    expect(sizes.sort()).toEqual([4, 4, 5, 5, 5]);
    expect(res).toEqual({
      status: 'ok',
      valAccuracy: expect.closeTo((0.5 + 0.6 + 0.7 + 0.8 + 0.9) / 5, 12),
      folds: [0.5, 0.6, 0.7, 0.8, 0.9].map((v) => expect.closeTo(v, 12)),
      epochs: 10,
    });
  });

  it('the split depends on the seed only: same seed, same folds', async () => {
    const record = async (seed: number) => {
      const out: number[][] = [];
      await crossValidate(10, 3, seed, async (fold) => {
        out.push([...fold.validation]);
        return { status: 'ok', valAccuracy: 1, epochs: 1 };
      });
      return out;
    };
    expect(await record(1)).toEqual(await record(1));
    expect(await record(1)).not.toEqual(await record(2));
  });

  it('an aborted fold aborts the trial; later folds do not run', async () => {
    let calls = 0;
    const res = await crossValidate(30, 5, 0, async (_fold, f) => {
      calls++;
      return f === 1
        ? { status: 'aborted', valAccuracy: null, epochs: 1, reason: 'loss is NaN' }
        : { status: 'ok', valAccuracy: 0.9, epochs: 3 };
    });
    expect(calls).toBe(2);
    expect(res).toEqual({
      status: 'aborted',
      valAccuracy: null,
      folds: [0.9],
      epochs: 4,
      reason: 'fold 2/5: loss is NaN',
    });
  });

  it('bad k is a clear error', async () => {
    await expect(crossValidate(10, 1, 0, async () => ({ status: 'ok', valAccuracy: 1, epochs: 1 }))).rejects.toThrow(
      /k must be a whole number ≥ 2/,
    );
    await expect(crossValidate(3, 5, 0, async () => ({ status: 'ok', valAccuracy: 1, epochs: 1 }))).rejects.toThrow(
      /need at least 5 rows/,
    );
  });
});
