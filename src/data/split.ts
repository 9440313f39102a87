// Seeded shuffling and splits: train/validation and k-fold. Splits return row indices (Int32Array) or, through
// `subset`, copies of the rows; the same seed gives the same split.
import { Rng } from '../random';
import { subset, type Dataset } from './dataset';

/** 0..n−1 in an order fixed by `seed` (Fisher–Yates on the library's sfc32). */
export function shuffledIndices(n: number, seed: number | Rng): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  (seed instanceof Rng ? seed : new Rng(seed)).shuffle(idx);
  return idx;
}

/** The one hold-out rule: shuffle 0..n−1 with `seed`; the first round(n·fraction) indices are held out. Every
 *  split (the test rows of a CSV file, tables, the validation curve) takes its rows this way. */
export function holdOut(n: number, fraction: number, seed: number): { heldOut: Int32Array; rest: Int32Array } {
  const idx = shuffledIndices(n, seed);
  const k = Math.round(n * fraction);
  return { heldOut: idx.subarray(0, k), rest: idx.subarray(k) };
}

/** Holds out `fraction` of the rows (shuffled with `seed`) as validation. */
export function trainValidationSplit(ds: Dataset, fraction: number, seed = 0): { train: Dataset; validation: Dataset } {
  if (!(fraction > 0 && fraction < 1))
    throw new RangeError(`trainValidationSplit: fraction must be in (0, 1), got ${fraction}`);
  const n = ds.x.rows;
  const { heldOut, rest } = holdOut(n, fraction, seed);
  if (heldOut.length < 1 || rest.length < 1)
    throw new RangeError(`trainValidationSplit: ${n} rows cannot be split with fraction ${fraction}`);
  return { train: subset(ds, rest), validation: subset(ds, heldOut) };
}

export interface Fold {
  train: Int32Array;
  validation: Int32Array;
}

/** k folds over n rows: each row is in exactly one validation set; fold sizes differ by at most one. */
export function kFold(n: number, k: number, seed = 0): Fold[] {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`kFold: k must be a whole number ≥ 2, got ${k}`);
  if (k > n) throw new RangeError(`kFold: k = ${k} folds need at least ${k} rows, got ${n}`);
  const idx = shuffledIndices(n, seed);
  const folds: Fold[] = [];
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    const validation = idx.slice(start, start + size);
    const train = new Int32Array(n - size);
    train.set(idx.subarray(0, start));
    train.set(idx.subarray(start + size), start);
    folds.push({ train, validation });
    start += size;
  }
  return folds;
}
