import { expect, it } from 'vitest';
import { Dense } from '../../src/nn/dense';
import { setBackend } from '../../src/backend';
import { Tensor } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import { uniform, worstRatio } from '../helpers/random';
import { expectGradOk, input64, shapes } from './helpers';

it('Dense: gradients of x, W and b match centered finite differences (float64, random shapes incl. N = 1, D = 1)', () => {
  for (const [N, D] of shapes(1)) {
    for (const out of [1, 4])
      expectGradOk(new Dense(D, out, { seed: N * 31 + D, dtype: 'float64' }), input64(N, D, N + D));
  }
  expectGradOk(new Dense(3, 2, { bias: false, dtype: 'float64', seed: 1 }), input64(4, 3, 9));
});

describeEachBackend('Dense', (b) => {
  it('forward is x·Wᵀ + b against a naive loop; backward accumulates dW, db', () => {
    setBackend(b.name);
    const N = 5,
      I = 7,
      O = 3,
      layer = new Dense(I, O, { seed: 3 });
    layer.bias!.value.set(uniform(O, 4));
    const x = new Tensor(uniform(N * I, 5), [N, I]);
    const y = layer.forward(x);
    const want: number[] = [];
    for (let n = 0; n < N; n++) {
      for (let o = 0; o < O; o++) {
        let s = layer.bias!.value[o];
        for (let i = 0; i < I; i++) s += x.data[n * I + i] * layer.weight.value[o * I + i];
        want.push(s);
      }
    }
    expect(y.shape).toEqual([N, O]);
    expect(worstRatio(y.data, want, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
    const dy = new Tensor(uniform(N * O, 6), [N, O]);
    layer.zeroGrad();
    const dx = layer.backward(dy);
    const db = Array.from({ length: O }, (_, o) =>
      Array.from({ length: N }, (_, n) => dy.data[n * O + o]).reduce((a, v) => a + v),
    );
    expect(worstRatio(layer.bias!.grad, db, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
    const dx0 = Array.from({ length: I }, (_, i) =>
      Array.from({ length: O }, (_, o) => dy.data[o] * layer.weight.value[o * I + i]).reduce((a, v) => a + v),
    );
    expect(worstRatio(dx.data.subarray(0, I), dx0, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
    const g1 = Float32Array.from(layer.weight.grad);
    layer.forward(x);
    layer.backward(dy);
    expect(
      worstRatio(
        layer.weight.grad,
        g1.map((v) => 2 * v),
        1e-6,
        1e-5,
      ),
    ).toBeLessThanOrEqual(1); // accumulates
  });

  it('reuses its output and gradient buffers for batches of the same size', () => {
    setBackend(b.name);
    const layer = new Dense(4, 2, { seed: 1 });
    const x = new Tensor(uniform(12, 1), [3, 4]);
    const y1 = layer.forward(x),
      dx1 = layer.backward(Tensor.zeros([3, 2]));
    expect(layer.forward(x)).toBe(y1);
    expect(layer.backward(Tensor.zeros([3, 2]))).toBe(dx1);
  });
});

it('Dense: bad input names the layer and the shapes', () => {
  const layer = new Dense(784, 512);
  expect(() => layer.forward(Tensor.zeros([32, 100]))).toThrow(
    /Dense\(784→512\): expected input \[N, 784\], got \[32, 100\]/,
  );
  expect(() => layer.forward(Tensor.zeros([0, 784]))).toThrow(/Dense\(784→512\).*empty/);
  expect(() => layer.forward(Tensor.zeros([2, 784], 'float64'))).toThrow(/Dense\(784→512\).*float64.*float32/);
  expect(() => layer.forward(new Float32Array(784) as never)).toThrow(/Dense\(784→512\): input must be a Tensor/);
  expect(() => layer.backward(Tensor.zeros([2, 512]))).toThrow(/before forward/);
  expect(() => new Dense(0, 3)).toThrow(/inFeatures/);
  expect(() => new Dense(3, 3, { init: 'hee' as never })).toThrow(/unknown init "hee"; valid: zeros, small-normal/);
});
