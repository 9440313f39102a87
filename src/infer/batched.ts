// Prediction over many rows: the plan runs on chunks of `batchSize` rows (each chunk one GEMM per layer), yielding
// to the event loop between chunks so a service keeps answering during a large predict.
import { Tensor } from '../tensor';
import { yieldToEventLoop } from '../time-slice';
import type { PlanRunner } from './runner';

export async function runBatched(
  runner: PlanRunner,
  x: Float32Array,
  rows: number,
  batchSize: number,
): Promise<Tensor> {
  if (!(Number.isInteger(batchSize) && batchSize >= 1))
    throw new RangeError(`predict: batchSize must be a whole number ≥ 1, got ${batchSize}`);
  let out: Float32Array | undefined,
    cols = 0;
  for (let s = 0; s < rows; s += batchSize) {
    const e = Math.min(s + batchSize, rows);
    const y = runner.run(x.subarray(s * runner.inputs, e * runner.inputs), e - s);
    cols = y.cols;
    out ??= new Float32Array(rows * cols);
    out.set(y.data, s * cols);
    if (e < rows) await yieldToEventLoop();
  }
  return out ? new Tensor(out, [rows, cols]) : Tensor.zeros([0, runner.outputs()]);
}
