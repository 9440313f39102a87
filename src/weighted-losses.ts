// Class-weighted cross-entropies (torch CrossEntropyLoss(weight=w) / BCEWithLogitsLoss with per-row weights):
// each row's loss is scaled by the weight of its label, and the mean is over the weights, not the rows:
//   softmax (logits z [N, C]):  l_i = log Σ_j e^{z_ij} − z_{i,t_i},     L = Σ_i w_{t_i} l_i / Σ_i w_{t_i}
//                               dL/dz_ij = w_{t_i} (softmax(z_i)_j − 1[j = t_i]) / Σ w
//   sigmoid (one logit z [N, 1], t ∈ {0, 1}):  l_i = max(z, 0) − z·t + log(1 + e^{−|z|}),  dL/dz_i = w_{t_i} (σ(z_i) − t_i) / Σ w
// With every weight 1 they equal SoftmaxCrossEntropy and SigmoidBinaryCrossEntropy. `balancedClassWeights` gives
// scikit-learn's class_weight='balanced': w_c = N / (C · n_c), so every class weighs the same in total.
import type { Loss, Targets } from './losses';
import { Tensor } from './tensor';

export function balancedClassWeights(y: Int32Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const c of y) counts[c]++;
  return counts.map((n) => (n > 0 ? y.length / (classes * n) : 0));
}

export class WeightedCrossEntropy implements Loss {
  readonly name = 'weighted-cross-entropy';
  private grad: Tensor | undefined;

  /** `weights[c]` for class c (≥ 0, finite); a model with one output column is read as a binary logit. */
  constructor(readonly weights: readonly number[]) {
    if (!Array.isArray(weights) || weights.length < 2 || !weights.every((w) => Number.isFinite(w) && w >= 0))
      throw new RangeError(`${this.name}: weights must be ≥ 2 finite numbers ≥ 0, got ${JSON.stringify(weights)}`);
  }

  forward(z: Tensor, targets: Targets): number {
    const n = z.rows,
      c = z.cols;
    const t = targets instanceof Tensor ? targets.data : targets;
    if (z.shape.length !== 2 || t.length !== n)
      throw new RangeError(
        `${this.name}: expected logits [N, C] and N labels, got [${z.shape.join(', ')}] and ${t.length}`,
      );
    const classes = c === 1 ? 2 : c;
    if (classes !== this.weights.length)
      throw new RangeError(`${this.name}: ${this.weights.length} class weights for ${classes} classes`);
    if (!this.grad || this.grad.shape.join() !== z.shape.join() || this.grad.dtype !== z.dtype)
      this.grad = Tensor.zeros(z.shape, z.dtype);
    const g = this.grad.data;
    let total = 0,
      weightSum = 0;
    for (let i = 0; i < n; i++) {
      const label = t[i];
      if (!Number.isInteger(label) || label < 0 || label >= classes)
        throw new RangeError(`${this.name}: label ${i} is ${label}; expected a class index in [0, ${classes})`);
      const w = this.weights[label];
      weightSum += w;
      total += w * (c === 1 ? this.sigmoidRow(z.data[i], label, w, g, i) : this.softmaxRow(z.data, i, c, label, w, g));
    }
    if (!(weightSum > 0)) throw new RangeError(`${this.name}: the labels of this batch all have weight 0`);
    for (let k = 0; k < g.length; k++) g[k] /= weightSum;
    return total / weightSum;
  }

  backward(): Tensor {
    if (!this.grad) throw new Error(`${this.name}: backward called before forward`);
    return this.grad;
  }

  /** Loss of row i; writes w·(softmax − onehot) into g (divided by Σ w later). */
  private softmaxRow(z: ArrayLike<number>, i: number, c: number, label: number, w: number, g: Tensor['data']): number {
    let m = -Infinity;
    for (let j = 0; j < c; j++) m = Math.max(m, z[i * c + j]);
    let s = 0;
    for (let j = 0; j < c; j++) s += Math.exp(z[i * c + j] - m);
    for (let j = 0; j < c; j++) g[i * c + j] = w * (Math.exp(z[i * c + j] - m) / s - (j === label ? 1 : 0));
    return m + Math.log(s) - z[i * c + label];
  }

  private sigmoidRow(z: number, label: number, w: number, g: Tensor['data'], i: number): number {
    const sigma = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    g[i] = w * (sigma - label);
    return Math.max(z, 0) - z * label + Math.log1p(Math.exp(-Math.abs(z)));
  }
}
