// The smallest training loop the babysitter needs (overfit-tiny, the learning-rate range test): one optimizer step
// on a fixed batch, and the rows of a batch. The full loop with epochs, batching and callbacks is src/train/.
//   step: zero grads → y = model(x) → L = loss(y, t) → backward dL/dy → optimizer.step
import type { Dataset } from '../data/dataset';
import type { Loss } from '../losses';
import type { Layer } from '../nn/layer';
import type { Optimizer } from '../optim/optimizer';
import { Tensor } from '../tensor';

export function trainStep(model: Layer, loss: Loss, optimizer: Optimizer, x: Tensor, y: Dataset['y']): number {
  const params = model.parameters();
  optimizer.zeroGrad(params);
  const value = loss.forward(model.forward(x, { training: true }), y);
  model.backwardParams(loss.backward()); // the data needs no input gradient
  optimizer.step(params);
  return value;
}

/** Rows `rows` of x as a new tensor, and their targets. */
export function takeRows(data: Dataset, rows: ArrayLike<number>): { x: Tensor; y: Dataset['y'] } {
  const d = data.x.cols;
  const x = new Float32Array(rows.length * d);
  const y = data.y instanceof Int32Array ? new Int32Array(rows.length) : new Float32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    x.set(data.x.data.subarray(rows[i] * d, rows[i] * d + d), i * d);
    y[i] = data.y[rows[i]];
  }
  return { x: new Tensor(x, [rows.length, ...data.x.shape.slice(1)]), y };
}
