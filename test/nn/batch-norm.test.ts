import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { ReLU } from '../../src/nn/activations/relu';
import { BatchNorm } from '../../src/nn/batch-norm';
import { Tensor } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import { uniform, worstRatio } from '../helpers/random';
import { expectGradOk, input64, shapes } from './helpers';

it('BatchNorm: dx, dγ, dβ match finite differences in training (N ≥ 2) and eval mode (N ≥ 1)', () => {
  for (const [N, D] of shapes(2, 4, 2)) {
    const bn = new BatchNorm(D, { dtype: 'float64' });
    bn.gamma.value.set(Array.from({ length: D }, (_, i) => 0.5 + 0.3 * i));
    bn.beta.value.set(Array.from({ length: D }, (_, i) => 0.1 * i - 0.2));
    expectGradOk(bn, input64(N, D, 10 * N + D, 3), { training: true });
  }
  for (const [N, D] of shapes(3)) {
    const bn = new BatchNorm(D, { dtype: 'float64' }).eval();
    bn.runningMean.value.set(Array.from({ length: D }, (_, i) => 0.2 * i));
    bn.runningVar.value.set(Array.from({ length: D }, (_, i) => 0.5 + i));
    bn.gamma.value.set(Array.from({ length: D }, (_, i) => 1.5 - 0.1 * i));
    expectGradOk(bn, input64(N, D, 3 * N + D));
  }
});

describeEachBackend('BatchNorm layer', (b) => {
  it('training normalizes each feature and updates running stats with momentum 0.1 and the unbiased variance', () => {
    setBackend(b.name);
    const N = 8,
      D = 3,
      x = new Tensor(uniform(N * D, 21, -2, 6), [N, D]);
    const bn = new BatchNorm(D);
    const y = bn.forward(x);
    for (let c = 0; c < D; c++) {
      const col = Array.from({ length: N }, (_, i) => x.data[i * D + c]);
      const mu = col.reduce((a, v) => a + v) / N;
      const sq = col.reduce((a, v) => a + (v - mu) ** 2, 0);
      const yc = col.map((v) => (v - mu) / Math.sqrt(sq / N + 1e-5));
      expect(
        worstRatio(
          Array.from({ length: N }, (_, i) => y.data[i * D + c]),
          yc,
          1e-5,
          1e-4,
        ),
      ).toBeLessThanOrEqual(1);
      expect(bn.runningMean.value[c]).toBeCloseTo(0.1 * mu, 5);
      expect(bn.runningVar.value[c]).toBeCloseTo(0.9 + 0.1 * (sq / (N - 1)), 5);
    }
    // eval uses the running estimates
    const e = bn.forward(x, { training: false });
    expect(e.data[0]).toBeCloseTo((x.data[0] - bn.runningMean.value[0]) / Math.sqrt(bn.runningVar.value[0] + 1e-5), 5);
  });
});

it('BatchNorm: bad input and a training batch of one are clear errors', () => {
  const bn = new BatchNorm(4);
  expect(() => bn.forward(Tensor.zeros([1, 4]))).toThrow(/BatchNorm\(4\): training needs at least 2 samples.*\[1, 4\]/);
  expect(() => bn.forward(Tensor.zeros([3, 5]))).toThrow(
    /BatchNorm\(4\): expected input \[N, 4\] or \[N, 4, H, W\], got \[3, 5\]/,
  );
  expect(() => bn.eval().forward(Tensor.zeros([1, 4]))).not.toThrow();
  expect(() => new BatchNorm(4, { momentum: 2 })).toThrow(/momentum/);
});

it('BatchNorm with relu: gradients match finite differences (training and eval)', () => {
  for (const [N, D] of shapes(6, 3, 2)) {
    const bn = new BatchNorm(D, { relu: true, dtype: 'float64' });
    bn.beta.value.set(Array.from({ length: D }, (_, i) => 0.3 * i - 0.4));
    expectGradOk(bn, input64(N, D, 4 * N + D, 3), { training: true });
    bn.runningVar.value.fill(2);
    expectGradOk(bn.eval(), input64(N, D, 5 * N + D, 3));
  }
});

describeEachBackend('BatchNorm with relu', (b) => {
  it('equals BatchNorm then ReLU, forward and backward, in training and eval', () => {
    setBackend(b.name);
    const N = 9,
      D = 6,
      x = new Tensor(uniform(N * D, 31, -2, 3), [N, D]),
      dy = new Tensor(uniform(N * D, 32), [N, D]);
    const fused = new BatchNorm(D, { relu: true }),
      plain = new BatchNorm(D),
      relu = new ReLU();
    for (const bn of [fused, plain]) bn.beta.value.set(uniform(D, 33, -0.5, 0.5));
    for (const training of [true, false]) {
      fused.zeroGrad();
      plain.zeroGrad();
      const yf = fused.forward(x, { training }),
        yp = relu.forward(plain.forward(x, { training }));
      expect(worstRatio(yf.data, yp.data, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
      const dxf = fused.backward(dy),
        dxp = plain.backward(relu.backward(dy));
      expect(worstRatio(dxf.data, dxp.data, 1e-5, 1e-4)).toBeLessThanOrEqual(1);
      expect(worstRatio(fused.gamma.grad, plain.gamma.grad, 1e-5, 1e-4)).toBeLessThanOrEqual(1);
      expect(worstRatio(fused.beta.grad, plain.beta.grad, 1e-5, 1e-4)).toBeLessThanOrEqual(1);
    }
    expect(fused.describe()).toBe('BatchNorm(6)+ReLU');
  });
});
