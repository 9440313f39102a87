import { expect, it } from 'vitest';
import { setBackend } from '../src/backend';
import {
  l2Penalty,
  lossFromName,
  MeanSquaredError,
  SigmoidBinaryCrossEntropy,
  SoftmaxCrossEntropy,
} from '../src/losses';
import type { Loss, Targets } from '../src/losses';
import { newParam } from '../src/nn/param';
import { Tensor } from '../src/tensor';
import { describeEachBackend } from './helpers/backends';
import { rng, uniform } from './helpers/random';
import { input64 } from './nn/helpers';
import { worstRatio } from './helpers/random';

/** Worst relative error of backward() against centered differences of forward (float64). */
function lossGradError(loss: Loss, z: Tensor, t: Targets): number {
  loss.forward(z, t);
  const g = Float64Array.from(loss.backward().data),
    h = 1e-6;
  let worst = 0;
  for (let i = 0; i < z.size; i++) {
    const old = z.data[i];
    z.data[i] = old + h;
    const up = loss.forward(z, t);
    z.data[i] = old - h;
    const down = loss.forward(z, t);
    z.data[i] = old;
    const num = (up - down) / (2 * h);
    worst = Math.max(worst, Math.abs(num - g[i]) / Math.max(Math.abs(num), Math.abs(g[i]), 1e-3));
  }
  return worst;
}

it('losses: gradients match finite differences (float64, shapes incl. N = 1, C = 1)', () => {
  const r = rng(3);
  for (const [N, C] of [
    [1, 1],
    [1, 4],
    [5, 1],
    [6, 3],
    [9, 10],
  ]) {
    const z = input64(N, C, N * 10 + C, 4);
    const labels = Int32Array.from({ length: N }, () => Math.floor(r() * C));
    const probs = Float64Array.from({ length: N * C }, () => r());
    expect(lossGradError(new SoftmaxCrossEntropy(), z, labels)).toBeLessThan(1e-6);
    expect(lossGradError(new SigmoidBinaryCrossEntropy(), z, probs)).toBeLessThan(1e-6);
    expect(lossGradError(new MeanSquaredError(), z, probs)).toBeLessThan(1e-6);
  }
});

describeEachBackend('losses', (b) => {
  it('values against the formulas written here; cross-entropy ≈ ln C for equal logits, stable for huge ones', () => {
    setBackend(b.name);
    const z = Tensor.from([1, 2, 3, -1, 0, 500], [2, 3]);
    const ce = new SoftmaxCrossEntropy().forward(z, Int32Array.from([2, 0]));
    const lse = (a: number[]) => {
      const m = Math.max(...a);
      return m + Math.log(a.reduce((s, v) => s + Math.exp(v - m), 0));
    };
    expect(ce).toBeCloseTo((lse([1, 2, 3]) - 3 + (lse([-1, 0, 500]) + 1)) / 2, 4);
    expect(new SoftmaxCrossEntropy().forward(Tensor.zeros([4, 10]), [1, 2, 3, 4])).toBeCloseTo(Math.log(10), 6);
    const x = new Tensor(uniform(6, 1, -3, 3), [2, 3]),
      t = [0, 1, 1, 0, 0.5, 1];
    const bce = new SigmoidBinaryCrossEntropy().forward(x, t);
    const want =
      Array.from(
        x.data,
        (v, i) => -(t[i] * Math.log(1 / (1 + Math.exp(-v))) + (1 - t[i]) * Math.log(1 - 1 / (1 + Math.exp(-v)))),
      ).reduce((a, v) => a + v) / 6;
    expect(bce).toBeCloseTo(want, 5);
    expect(Number.isFinite(new SigmoidBinaryCrossEntropy().forward(Tensor.from([1000, -1000], [2, 1]), [0, 1]))).toBe(
      true,
    );
    expect(new MeanSquaredError().forward(Tensor.from([1, 2, 3, 4], [2, 2]), [0, 2, 3, 6])).toBeCloseTo(
      (1 + 0 + 0 + 4) / 4,
      6,
    );
  });
});

it('l2Penalty is (λ/2)Σw² and adds λ·w to the gradients', () => {
  const p = newParam('w', [3], 'float64');
  p.value.set([1, -2, 3]);
  expect(l2Penalty([p], 0.1, { grad: true })).toBeCloseTo(0.05 * 14, 12);
  expect(Array.from(p.grad)).toEqual([0.1, -0.2, 0.30000000000000004]);
});

it('losses: names, and bad targets name the loss and the shapes', () => {
  expect(lossFromName('softmax-cross-entropy')).toBeInstanceOf(SoftmaxCrossEntropy);
  expect(lossFromName('mse')).toBeInstanceOf(MeanSquaredError);
  expect(() => lossFromName('hinge')).toThrow(
    /unknown loss "hinge"; valid: softmax-cross-entropy, binary-cross-entropy, mean-squared-error, mse/,
  );
  const ce = new SoftmaxCrossEntropy();
  expect(() => ce.backward()).toThrow(/before forward/);
  expect(() => ce.forward(Tensor.zeros([2, 3]), [0, 3])).toThrow(/label 1 is 3.*\[0, 3\).*\[2, 3\]/);
  expect(() => ce.forward(Tensor.zeros([2, 3]), [0])).toThrow(/expected 2 class labels for logits \[2, 3\], got 1/);
  expect(() => new MeanSquaredError().forward(Tensor.zeros([2, 3]), [1, 2])).toThrow(
    /targets have 2 values, the output \[2, 3\] has 6/,
  );
  expect(() => new SigmoidBinaryCrossEntropy().forward(Tensor.zeros([1, 2]), [0, 2])).toThrow(/target 1 is 2/);
});

// Against torch (F.cross_entropy, F.binary_cross_entropy_with_logits, F.mse_loss), fixtures from gen-torch.py.
import fixtures from './fixtures/torch-losses.json';

function torchParity(dtype: 'float32' | 'float64', tol: number): void {
  for (const c of fixtures.cases) {
    const loss = lossFromName(c.name),
      z = Tensor.from(c.z, c.shape, dtype);
    const targets = c.name === 'softmax-cross-entropy' ? Int32Array.from(c.targets) : Float64Array.from(c.targets);
    const value = loss.forward(z, targets);
    expect(Math.abs(value - c.loss) / Math.abs(c.loss), `${c.name} [${c.shape}]`).toBeLessThan(tol);
    expect(
      worstRatio(loss.backward().data, c.grad, tol * 0.1 * Math.max(...c.grad.map(Math.abs)), tol),
      `${c.name} grad`,
    ).toBeLessThanOrEqual(1);
  }
}

describeEachBackend('PyTorch parity: losses (float32)', (b) => {
  it('softmax cross-entropy, binary cross-entropy from logits, MSE: values and gradients', () => {
    setBackend(b.name);
    torchParity('float32', 1e-5);
  });
});

it('PyTorch parity: losses in float64 agree to round-off', () => torchParity('float64', 1e-11));
