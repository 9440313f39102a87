// The embedded default: UCI optical recognition of handwritten digits (Alpaydin & Kaynak 1998, CC BY 4.0),
// 1797 images of 8×8 pixels valued 0..16, 10 classes, shipped as data/digits.csv.gz (64 pixels, then the label).
// x [N, 64] holds the raw pixel counts (preprocessing is the caller's: the CLI standardizes); sampleShape [1, 8, 8].
// The train/test split is seeded and not stratified: a fixed shuffle, then the last `testFraction` is the test set.
import path from 'node:path';
import type { TrainTest } from './dataset';
import { loadCSV } from './csv';
import { subset } from './dataset';
import { shuffledIndices } from './split';

export const DIGITS_PATH = path.resolve(__dirname, '..', '..', 'data', 'digits.csv.gz');

export interface DigitsOptions {
  /** Share of rows held out as the test set (default 0.2 → 359 test rows). */
  testFraction?: number;
  /** Seed of the split (default 0). */
  seed?: number;
}

export async function loadDigits(opts: DigitsOptions = {}): Promise<TrainTest> {
  const testFraction = opts.testFraction ?? 0.2;
  if (!(testFraction > 0 && testFraction < 1))
    throw new RangeError(`loadDigits: testFraction must be in (0, 1), got ${testFraction}`);
  const all = await loadCSV(DIGITS_PATH, { header: false, task: 'classification' });
  const meta = { numClasses: 10, sampleShape: [1, 8, 8], name: 'digits' };
  const idx = shuffledIndices(all.x.rows, opts.seed ?? 0);
  const nTest = Math.round(all.x.rows * testFraction);
  const trainSet = subset({ ...all, ...meta }, idx.subarray(nTest));
  const testSet = subset({ ...all, ...meta }, idx.subarray(0, nTest));
  return {
    train: { x: trainSet.x, y: trainSet.y, ...meta },
    test: { x: testSet.x, y: testSet.y, ...meta },
  };
}
