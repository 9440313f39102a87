// Class-weighted cross-entropies: equal to the unweighted losses when every weight is 1, the weighted mean by hand,
// gradients against float64 centered differences, scikit-learn's balanced weights.
import { describe, expect, it } from 'vitest';
import { setBackend } from '../src/backend';
import { SigmoidBinaryCrossEntropy, SoftmaxCrossEntropy } from '../src/losses';
import { Tensor } from '../src/tensor';
import { balancedClassWeights, WeightedCrossEntropy } from '../src/weighted-losses';
import { describeEachBackend } from './helpers/backends';

const logits = (values: number[], cols: number, dtype: 'float32' | 'float64' = 'float32') =>
  Tensor.from(values, [values.length / cols, cols], dtype);

describeEachBackend('WeightedCrossEntropy', (b) => {
  it('with weights 1 equals softmax and sigmoid cross-entropy (loss and gradient)', () => {
    setBackend(b.name);
    const z = logits([0.5, -1, 2, 0.1, 0.2, -0.3, 3, -2, 0], 3);
    const y = Int32Array.from([2, 0, 1]);
    const w = new WeightedCrossEntropy([1, 1, 1]);
    const ref = new SoftmaxCrossEntropy();
    expect(w.forward(z, y)).toBeCloseTo(ref.forward(z, y), 5);
    Array.from(w.backward().data).forEach((g, k) => expect(g).toBeCloseTo(ref.backward().data[k], 6));
    const z1 = logits([0.7, -1.2, 3], 1);
    const y1 = Int32Array.from([1, 0, 0]);
    const w1 = new WeightedCrossEntropy([1, 1]);
    const ref1 = new SigmoidBinaryCrossEntropy();
    expect(w1.forward(z1, y1)).toBeCloseTo(ref1.forward(z1, y1), 5);
    Array.from(w1.backward().data).forEach((g, k) => expect(g).toBeCloseTo(ref1.backward().data[k], 6));
  });
});

describe('WeightedCrossEntropy by hand and by finite differences', () => {
  it('is the weight-averaged row loss', () => {
    // rows: z = 0 (label 1, weight 3) and z = 0 (label 0, weight 1): each row loss ln 2 → mean ln 2
    expect(new WeightedCrossEntropy([1, 3]).forward(logits([0, 0], 1), Int32Array.from([1, 0]))).toBeCloseTo(
      Math.LN2,
      12,
    );
    // z = 2 for label 1 (w 3): ln(1 + e^-2); z = 2 for label 0 (w 1): 2 + ln(1 + e^-2) → (3a + (2 + a)) / 4
    const a = Math.log1p(Math.exp(-2));
    expect(new WeightedCrossEntropy([1, 3]).forward(logits([2, 2], 1, 'float64'), Int32Array.from([1, 0]))).toBeCloseTo(
      (3 * a + 2 + a) / 4,
      12,
    );
  });

  it('gradients agree with centered differences (float64)', () => {
    for (const [cols, weights, labels] of [
      [3, [0.5, 2, 1], [2, 0, 1, 1]],
      [1, [0.3, 1.7], [1, 0, 0, 1]],
    ] as [number, number[], number[]][]) {
      const values = Array.from({ length: labels.length * cols }, (_, k) => Math.sin(3 * k + 1) * 2);
      const y = Int32Array.from(labels);
      const loss = new WeightedCrossEntropy(weights);
      loss.forward(logits(values, cols, 'float64'), y);
      const grad = Array.from(loss.backward().data);
      const eps = 1e-6;
      values.forEach((v, k) => {
        const at = (d: number) => {
          const shifted = values.slice();
          shifted[k] = v + d;
          return new WeightedCrossEntropy(weights).forward(logits(shifted, cols, 'float64'), y);
        };
        expect(grad[k]).toBeCloseTo((at(eps) - at(-eps)) / (2 * eps), 7);
      });
    }
  });

  it("balanced weights are scikit-learn's N / (C · n_c); bad weights and labels are errors", () => {
    expect(balancedClassWeights(Int32Array.from([0, 0, 0, 1]), 2)).toEqual([4 / 6, 2]);
    expect(() => new WeightedCrossEntropy([1, NaN])).toThrow(/weights must be ≥ 2 finite numbers ≥ 0/);
    expect(() => new WeightedCrossEntropy([1, 1]).forward(logits([0, 0], 1), Int32Array.from([0, 2]))).toThrow(
      /label 1 is 2; expected a class index in \[0, 2\)/,
    );
  });
});
