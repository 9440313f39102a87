// Building Params: a learned array and its gradient in the layer's precision.
import type { Param } from './layer';
import type { DType } from '../tensor';
import { checkParameterCount } from './size-limit';

export function newParam(name: string, shape: number[], dtype: DType): Param {
  const n = shape.reduce((a, b) => a * b, 1);
  checkParameterCount(`${name} [${shape.join(', ')}]`, n);
  const make = () => (dtype === 'float64' ? new Float64Array(n) : new Float32Array(n));
  return { name, shape, value: make(), grad: make() };
}
