// A dataset: inputs x [N, ...sampleShape] and one target per row. Classification targets are class indices
// (Int32Array, 0..numClasses−1); regression targets are numbers (Float32Array).
import { Tensor } from '../tensor';
import { blockRows, drainSync } from '../time-slice';

export interface Dataset {
  /** Inputs [N, D] (images are flattened: sampleShape says [C, H, W]). */
  x: Tensor;
  /** Class index per row (classification) or target value per row (regression). */
  y: Int32Array | Float32Array;
  /** Classes for classification; absent for regression. */
  numClasses?: number;
  /** Shape of one sample before flattening, e.g. [1, 28, 28]; defaults to [D]. */
  sampleShape?: number[];
  /** Where it came from, for reports ("digits", "fashion-mnist", a file path). */
  name?: string;
  /** The name of each class index (fit records them: predictLabels and `nnkit predict` print them). */
  classNames?: readonly string[];
}

export interface TrainTest {
  train: Dataset;
  test: Dataset;
}

/** Rows `indices` of `ds` as a new dataset (a copy). */
export function subset(ds: Dataset, indices: ArrayLike<number>): Dataset {
  const d = ds.x.cols;
  const x = new Float32Array(indices.length * d);
  const y = ds.y instanceof Int32Array ? new Int32Array(indices.length) : new Float32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i];
    if (!Number.isInteger(r) || r < 0 || r >= ds.x.rows)
      throw new RangeError(`subset: row ${r} is outside 0..${ds.x.rows - 1}`);
    x.set(ds.x.data.subarray(r * d, r * d + d), i * d);
    y[i] = ds.y[r];
  }
  return { ...ds, x: new Tensor(x, [indices.length, ...ds.x.shape.slice(1)]), y };
}

/** Checks that x and y agree and that labels are in range; returns the dataset. */
export function checkDataset(ds: Dataset, what = 'dataset'): Dataset {
  drainSync(checkDatasetSteps(ds, what));
  return ds;
}

/** checkDataset as steps (src/time-slice.ts): yields between blocks of rows of x. */
export function* checkDatasetSteps(ds: Dataset, what = 'dataset'): Generator<void, Dataset> {
  if (!ds || !(ds.x instanceof Tensor)) throw new TypeError(`${what}: x must be a Tensor`);
  if (!(ds.y instanceof Int32Array || ds.y instanceof Float32Array)) {
    throw new TypeError(`${what}: y must be an Int32Array (class indices) or Float32Array (regression targets)`);
  }
  if (ds.y.length !== ds.x.rows)
    throw new RangeError(`${what}: x has ${ds.x.rows} rows but y has ${ds.y.length} targets`);
  // NaN or ±Infinity in the data would silently turn the model into NaN: refuse before training, naming the cell.
  const x = ds.x.data,
    cols = ds.x.cols,
    block = blockRows(cols) * cols;
  for (let start = 0; start < x.length; start += block) {
    for (let i = start, end = Math.min(start + block, x.length); i < end; i++) {
      if (!Number.isFinite(x[i])) {
        throw new RangeError(
          `${what}: x has ${x[i]} at row ${Math.floor(i / cols)}, column ${i % cols}; clean or impute the data first`,
        );
      }
    }
    yield;
  }
  if (ds.y instanceof Float32Array) {
    for (let i = 0; i < ds.y.length; i++) {
      if (!Number.isFinite(ds.y[i]))
        throw new RangeError(`${what}: target ${ds.y[i]} at row ${i} is not a finite number`);
    }
  }
  if (ds.y instanceof Int32Array) {
    const c = ds.numClasses ?? maxPlusOne(ds.y);
    for (let i = 0; i < ds.y.length; i++) {
      if (ds.y[i] < 0 || ds.y[i] >= c)
        throw new RangeError(`${what}: label ${ds.y[i]} at row ${i} is outside 0..${c - 1}`);
    }
  }
  return ds;
}

/** Class labels must index the model's `outputs` classes; the first that does not is named by its row. */
export function checkLabelRange(ds: Dataset, outputs: number, what = 'dataset'): void {
  if (!(ds.y instanceof Int32Array)) return;
  for (let i = 0; i < ds.y.length; i++) {
    if (ds.y[i] >= outputs)
      throw new RangeError(
        `${what}: label ${ds.y[i]} at row ${i} is outside 0..${outputs - 1}: the model has ${outputs} outputs`,
      );
  }
}

export function maxPlusOne(y: Int32Array): number {
  let m = -1;
  for (let i = 0; i < y.length; i++) if (y[i] > m) m = y[i];
  return m + 1;
}
