// Building Params: a learned array and its gradient in the layer's precision; zeroing their gradients.
import type { Param } from './layer';
import type { DType } from '../tensor';
import { fillZeros, LazyGradParam } from './lazy-grad-param';
import { checkParameterCount } from './size-limit';

export function newParam(name: string, shape: number[], dtype: DType): LazyGradParam {
  const n = shape.reduce((a, b) => a * b, 1);
  checkParameterCount(`${name} [${shape.join(', ')}]`, n);
  const make = () => (dtype === 'float64' ? new Float64Array(n) : new Float32Array(n));
  return LazyGradParam.create(name, shape, make(), make());
}

/** Every gradient = 0: lazily for the layers' own Params (lazy-grad-param.ts), by a fill for any other Param. */
export function zeroGrads(params: readonly Param[]): void {
  for (const p of params) {
    if (p instanceof LazyGradParam) p.zeroGradLazily();
    else fillZeros(p.grad);
  }
}
