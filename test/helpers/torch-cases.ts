// Shared by the PyTorch parity tests: the fixture case shapes (test/fixtures/gen-torch*.py write them) and the
// comparison of one layer step (outputs, input and parameter gradients, running statistics) against a case.
import { expect } from 'vitest';
import type { Layer, LayerConfig } from '../../src/nn/layer';
import type { DType } from '../../src/tensor';
import { Tensor } from '../../src/tensor';
import { worstRatio } from './random';

export interface LayerCase {
  name: string;
  config: LayerConfig;
  training: boolean;
  x: number[];
  xShape: number[];
  dy: number[];
  y: number[];
  yShape: number[];
  dx: number[];
  params: Record<string, number[]>;
  grads: Record<string, number[]>;
  runningMean?: number[];
  runningVar?: number[];
}
export interface BatchNormSequence {
  name: string;
  start: Record<string, number[]>;
  steps: LayerCase[];
}

// float32: ~1e-5 relative (atol scaled by the array's magnitude); float64 (JS): round-off only.
const TOL = { float32: 1e-5, float64: 1e-11 } as const;
export function close(got: ArrayLike<number>, want: number[], dtype: DType, what: string): void {
  const scale = Math.max(1, ...want.map(Math.abs));
  expect(worstRatio(got, want, TOL[dtype] * scale * 0.1, TOL[dtype]), what).toBeLessThanOrEqual(1);
}

export function setParams(layer: Layer, values: Record<string, number[]>): void {
  for (const p of [...layer.parameters(), ...layer.buffers()]) if (values[p.name]) p.value.set(values[p.name]);
}

export function check(layer: Layer, c: LayerCase, dtype: DType): void {
  layer.zeroGrad();
  const y = layer.forward(Tensor.from(c.x, c.xShape, dtype), { training: c.training });
  expect(y.shape, c.name).toEqual(c.yShape);
  close(y.data, c.y, dtype, `${c.name} y`);
  close(layer.backward(Tensor.from(c.dy, c.yShape, dtype)).data, c.dx, dtype, `${c.name} dx`);
  for (const p of layer.parameters()) close(p.grad, c.grads[p.name], dtype, `${c.name} d${p.name}`);
  if (c.runningMean) {
    const [rm, rv] = layer.buffers();
    close(rm.value, c.runningMean, dtype, `${c.name} runningMean`);
    close(rv.value, c.runningVar as number[], dtype, `${c.name} runningVar`);
  }
}
