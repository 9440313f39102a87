// Building Params: a learned array and its gradient in the layer's precision; zeroing their gradients.
import { kernelsFor } from '../backend';
import type { Param } from './layer';
import type { DType } from '../tensor';
import { checkParameterCount } from './size-limit';

export function newParam(name: string, shape: number[], dtype: DType): Param {
  const n = shape.reduce((a, b) => a * b, 1);
  checkParameterCount(`${name} [${shape.join(', ')}]`, n);
  const make = () => (dtype === 'float64' ? new Float64Array(n) : new Float32Array(n));
  return { name, shape, value: make(), grad: make() };
}

/** Every gradient = 0. Large ones through the backend's fill (native: split over the threads; on the caller alone the
 *  recipe's 535k gradients took ~16 µs a step on 2 threads, ~11 µs split, docs/bf16.md), small ones (biases,
 *  BatchNorm) in place, where a native call would cost more than the fill. */
export function zeroGrads(params: readonly Param[]): void {
  for (const p of params) {
    if (p.grad.length < 1 << 14) p.grad.fill(0);
    else kernelsFor(p.grad).fillZero(p.grad.length, p.grad);
  }
}
