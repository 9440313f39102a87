// Mini-batches without copying the dataset per epoch: an epoch is a permutation of row indices, and each batch
// gathers its rows into one reused buffer x [B, D], y [B]. The last batch of an epoch may be smaller — but never a
// lone row: when N ≡ 1 (mod B) and N > B, that row joins the previous batch (B + 1 rows), because BatchNorm cannot
// estimate a variance from one row and every row should still be seen once per epoch (merged, not dropped).
import { kernelsFor } from '../backend';
import { Tensor } from '../tensor';
import type { Rng } from '../random';
import type { Dataset } from './dataset';

export interface Batch {
  x: Tensor;
  y: Int32Array | Float32Array;
  /** Position of this batch in the epoch, 0-based. */
  index: number;
}

export class Batcher {
  readonly batchSize: number;
  readonly batchesPerEpoch: number;
  private readonly order: Int32Array;
  private readonly xBuf: Float32Array;
  private readonly yBuf: Int32Array | Float32Array;

  constructor(
    private readonly ds: Dataset,
    batchSize: number,
  ) {
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new RangeError(`batchSize must be a whole number ≥ 1, got ${batchSize}`);
    const n = ds.x.rows;
    if (n === 0) throw new RangeError('Batcher: the dataset has no rows');
    this.batchSize = Math.min(batchSize, n);
    const loneLastRow = n > this.batchSize && n % this.batchSize === 1;
    this.batchesPerEpoch = loneLastRow ? (n - 1) / this.batchSize : Math.ceil(n / this.batchSize);
    this.order = new Int32Array(n);
    for (let i = 0; i < n; i++) this.order[i] = i;
    const maxRows = this.batchSize + (loneLastRow ? 1 : 0);
    this.xBuf = new Float32Array(maxRows * ds.x.cols);
    this.yBuf = ds.y instanceof Int32Array ? new Int32Array(maxRows) : new Float32Array(maxRows);
  }

  /** A new order of the rows for the next epoch (a permutation of 0..N−1 that depends only on the RNG state,
   *  so a run resumed from a checkpoint sees the same batches; no copy of the data). */
  shuffle(rng: Rng): void {
    for (let i = 0; i < this.order.length; i++) this.order[i] = i;
    rng.shuffle(this.order);
  }

  /** Batch `b` of the current order. The returned tensors are views of buffers reused by the next call. */
  batch(b: number): Batch {
    const n = this.ds.x.rows;
    const d = this.ds.x.cols;
    const start = b * this.batchSize;
    const end = b === this.batchesPerEpoch - 1 ? n : start + this.batchSize;
    if (!(b >= 0 && b < this.batchesPerEpoch && Number.isInteger(b)))
      throw new RangeError(`batch ${b} is outside 0..${this.batchesPerEpoch - 1}`);
    const src = this.ds.x.data;
    const rows = end - start;
    // The backend's row gather (native: memcpy with the rows ahead prefetched; docs/bf16.md); float64 data goes to
    // the JS one, which converts while it copies.
    kernelsFor(src).gatherRows(rows, d, src, n, this.order.subarray(start, end), this.xBuf);
    for (let i = start; i < end; i++) this.yBuf[i - start] = this.ds.y[this.order[i]];
    return {
      x: new Tensor(this.xBuf.subarray(0, rows * d), [rows, ...this.ds.x.shape.slice(1)]),
      y: this.yBuf.subarray(0, rows),
      index: b,
    };
  }

  *epoch(): Generator<Batch> {
    for (let b = 0; b < this.batchesPerEpoch; b++) yield this.batch(b);
  }
}
