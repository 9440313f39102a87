// Micro-batching of concurrent one-row predictions: calls that arrive within one turn of the event loop (or within
// maxDelayMs) are stacked into one [n, features] batch, run as one GEMM per layer by the frozen model, and each
// caller resolves with its own output row. A bad row is rejected at its call, before it joins a batch, so it can
// never fail the others.
//   const batcher = new MicroBatcher(model.freeze(), { maxBatch: 64, maxDelayMs: 0 });
//   const out = await batcher.predict(row);          // Float32Array [outputs]
// maxDelayMs 0 (the default) flushes at setImmediate: requests parsed in the same I/O phase share a batch and none
// waits for a timer; a positive value waits up to that long for more rows (throughput over latency).
import type { FrozenModel } from './frozen-model';
import { toRows, type PredictInput } from './input';

export interface MicroBatcherOptions {
  /** Most rows per batch (default 64); a full batch runs at once. */
  maxBatch?: number;
  /** Longest wait for more rows, ms (default 0: until the current event-loop turn ends). */
  maxDelayMs?: number;
}

interface Pending {
  resolve: (row: Float32Array) => void;
  reject: (e: Error) => void;
}

export class MicroBatcher {
  readonly maxBatch: number;
  readonly maxDelayMs: number;
  private readonly rows: Float32Array; // [maxBatch, inputs], reused
  private pending: Pending[] = [];
  private scheduled = false;
  /** Batches run and rows predicted so far (for a service's metrics). */
  readonly counts = { batches: 0, rows: 0 };

  constructor(
    private readonly model: FrozenModel,
    opts: MicroBatcherOptions = {},
  ) {
    this.maxBatch = opts.maxBatch ?? 64;
    this.maxDelayMs = opts.maxDelayMs ?? 0;
    if (!(Number.isInteger(this.maxBatch) && this.maxBatch >= 1))
      throw new RangeError(`MicroBatcher: maxBatch must be a whole number ≥ 1, got ${opts.maxBatch}`);
    if (!(this.maxDelayMs >= 0 && Number.isFinite(this.maxDelayMs)))
      throw new RangeError(`MicroBatcher: maxDelayMs must be a finite number ≥ 0, got ${opts.maxDelayMs}`);
    this.rows = new Float32Array(this.maxBatch * model.inputs);
  }

  /** The model's output for one row (a number array or a Float32Array of `inputs` values). */
  predict(row: PredictInput): Promise<Float32Array> {
    let x: Float32Array;
    try {
      const r = toRows(row, this.model.inputs, 'predict', this.model.inputLayer);
      if (r.rows !== 1) throw new RangeError(`predict: expected one row of ${this.model.inputs} values, got ${r.rows}`);
      x = r.data;
    } catch (e) {
      return Promise.reject(e as Error);
    }
    return new Promise((resolve, reject) => {
      this.rows.set(x, this.pending.length * this.model.inputs);
      this.pending.push({ resolve, reject });
      if (this.pending.length === this.maxBatch) this.flush();
      else this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      this.flush();
    };
    if (this.maxDelayMs > 0) setTimeout(run, this.maxDelayMs);
    else setImmediate(run);
  }

  private flush(): void {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    try {
      const out = this.model.predictSync(this.rows.subarray(0, batch.length * this.model.inputs));
      const data = out.data as Float32Array; // predictSync computes in float32
      const cols = out.cols;
      this.counts.batches++;
      this.counts.rows += batch.length;
      batch.forEach((p, i) => p.resolve(data.subarray(i * cols, (i + 1) * cols)));
    } catch (e) {
      for (const p of batch) p.reject(e as Error);
    }
  }
}
