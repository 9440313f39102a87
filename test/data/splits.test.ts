// Shuffling, train/validation split, k-fold and batching.
import { describe, expect, it } from 'vitest';
import { Batcher, kFold, shuffledIndices, trainValidationSplit } from '../../src/data';
import { Rng } from '../../src/random';
import { Tensor } from '../../src/tensor';

const toy = (n: number, d = 3) => ({
  x: new Tensor(
    Float32Array.from({ length: n * d }, (_, i) => i),
    [n, d],
  ),
  y: Int32Array.from({ length: n }, (_, i) => i),
});

describe('splits', () => {
  it('shuffles deterministically into a permutation', () => {
    const a = shuffledIndices(100, 7);
    expect([...a].sort((p, q) => p - q)).toEqual([...Array(100).keys()]);
    expect(shuffledIndices(100, 7)).toEqual(a);
    expect(shuffledIndices(100, 8)).not.toEqual(a);
  });
  it('train/validation split keeps rows with their labels and covers all rows once', () => {
    const { train, validation } = trainValidationSplit(toy(10), 0.3, 1);
    expect(validation.x.rows).toBe(3);
    const seen = [...train.y, ...validation.y].sort((p, q) => p - q);
    expect(seen).toEqual([...Array(10).keys()]);
    for (const s of [train, validation]) for (let i = 0; i < s.x.rows; i++) expect(s.x.data[i * 3]).toBe(s.y[i] * 3);
    expect(() => trainValidationSplit(toy(10), 1.5)).toThrow(/fraction must be in \(0, 1\)/);
  });
  it('k-fold: every row in exactly one validation fold, sizes differ by at most one, train is the rest', () => {
    const folds = kFold(11, 3, 2);
    expect(folds.map((f) => f.validation.length)).toEqual([4, 4, 3]);
    const all = folds.flatMap((f) => [...f.validation]).sort((p, q) => p - q);
    expect(all).toEqual([...Array(11).keys()]);
    for (const f of folds) {
      expect(f.train.length + f.validation.length).toBe(11);
      expect(new Set([...f.train, ...f.validation]).size).toBe(11);
    }
    expect(() => kFold(2, 3)).toThrow(/need at least 3 rows/);
    expect(() => kFold(10, 1)).toThrow(/k must be a whole number ≥ 2/);
  });
});

describe('Batcher', () => {
  it('gathers each row once per epoch into reused buffers, last batch smaller', () => {
    const ds = toy(10);
    const b = new Batcher(ds, 4);
    expect(b.batchesPerEpoch).toBe(3);
    b.shuffle(new Rng(3));
    const seen: number[] = [];
    let firstBuffer: ArrayBufferLike | undefined;
    for (const batch of b.epoch()) {
      firstBuffer ??= batch.x.data.buffer;
      expect(batch.x.data.buffer).toBe(firstBuffer);
      for (let i = 0; i < batch.x.rows; i++) {
        expect(batch.x.data[i * 3 + 1]).toBe(batch.y[i] * 3 + 1);
        seen.push(batch.y[i]);
      }
    }
    expect(seen.length).toBe(10);
    expect([...seen].sort((p, q) => p - q)).toEqual([...Array(10).keys()]);
    expect(seen).not.toEqual([...Array(10).keys()]);
    expect(() => new Batcher(ds, 0)).toThrow(/batchSize must be a whole number ≥ 1/);
  });
});
