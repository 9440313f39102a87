// Losses: forward(output, targets) → a number, backward() → d loss / d output (same shape as the output).
// Every loss is a mean (PyTorch reduction 'mean'); the gradient buffer is reused across steps of one shape.
import { kernelsFor } from './backend';
import type { FloatArray } from './backend/types';
import type { Param } from './nn/layer';
import { Tensor } from './tensor';

export type Targets = Int32Array | ArrayLike<number> | Tensor;

export interface Loss {
  readonly name: string;
  forward(output: Tensor, targets: Targets): number;
  backward(): Tensor;
}

abstract class BaseLoss implements Loss {
  abstract readonly name: string;
  protected grad: Tensor | undefined;
  protected ready = false;

  abstract forward(output: Tensor, targets: Targets): number;

  backward(): Tensor {
    if (!this.grad || !this.ready) throw new Error(`${this.name}: backward called before forward`);
    return this.grad;
  }

  protected checkOutput(output: unknown): Tensor {
    if (!(output instanceof Tensor)) throw new TypeError(`${this.name}: output must be a Tensor`);
    if (output.rows === 0 || output.size === 0 || output.shape.length < 1) {
      throw new RangeError(`${this.name}: output [${output.shape.join(', ')}] is empty`);
    }
    return output;
  }

  protected gradBuffer(output: Tensor): Tensor {
    if (!this.grad || this.grad.dtype !== output.dtype || this.grad.shape.join() !== output.shape.join()) {
      this.grad = Tensor.zeros(output.shape, output.dtype);
    }
    return this.grad;
  }

  /** Targets with the output's shape, as a flat array. */
  protected denseTargets(output: Tensor, targets: Targets): ArrayLike<number> {
    const t = targets instanceof Tensor ? targets.data : targets;
    if (!t || typeof (t as ArrayLike<number>).length !== 'number')
      throw new TypeError(`${this.name}: targets must be a Tensor or an array of numbers`);
    if (t.length !== output.size) {
      throw new RangeError(
        `${this.name}: targets have ${t.length} values, the output [${output.shape.join(', ')}] has ${output.size}`,
      );
    }
    return t;
  }
}

/** Softmax cross-entropy on logits z [N, C] and class labels [N]:
 *  L = (1/N) Σ_i (log Σ_j e^{z_ij} − z_{i,t_i}),  dL/dz = (softmax(z) − onehot(t))/N.
 *  Fused and stable (log-sum-exp) in the backend's softmaxCrossEntropy kernel; ≈ ln C for small logits. */
export class SoftmaxCrossEntropy extends BaseLoss {
  readonly name = 'softmax-cross-entropy';
  private labels: Int32Array | undefined;

  forward(logits: Tensor, targets: Targets): number {
    this.checkOutput(logits);
    if (logits.shape.length !== 2)
      throw new RangeError(`${this.name}: logits must be [N, C], got [${logits.shape.join(', ')}]`);
    const N = logits.rows,
      C = logits.cols;
    const t = targets instanceof Tensor ? targets.data : targets;
    if (!t || t.length !== N) {
      throw new RangeError(
        `${this.name}: expected ${N} class labels for logits [${N}, ${C}], got ${t?.length ?? String(t)}`,
      );
    }
    if (!this.labels || this.labels.length !== N) this.labels = new Int32Array(N);
    for (let i = 0; i < N; i++) {
      const v = t[i];
      if (!Number.isInteger(v) || v < 0 || v >= C) {
        throw new RangeError(
          `${this.name}: label ${i} is ${v}; labels must be class indices in [0, ${C}) for logits [${N}, ${C}]`,
        );
      }
      this.labels[i] = v;
    }
    const g = this.gradBuffer(logits);
    const loss = kernelsFor(logits.data).softmaxCrossEntropy(N, C, logits.data, this.labels, g.data);
    this.ready = true;
    return loss;
  }
}

/** Sigmoid binary cross-entropy from logits z and targets t ∈ [0, 1] of the same shape (torch
 *  BCEWithLogitsLoss): L = mean(max(z, 0) − z·t + log(1 + e^{−|z|})), dL/dz = (σ(z) − t)/size. Stable for any z. */
export class SigmoidBinaryCrossEntropy extends BaseLoss {
  readonly name = 'binary-cross-entropy';

  forward(logits: Tensor, targets: Targets): number {
    this.checkOutput(logits);
    const t = this.denseTargets(logits, targets),
      z = logits.data,
      n = z.length;
    const g = this.gradBuffer(logits).data;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const zi = z[i],
        ti = t[i];
      if (!(ti >= 0 && ti <= 1)) throw new RangeError(`${this.name}: target ${i} is ${ti}; targets must be in [0, 1]`);
      total += Math.max(zi, 0) - zi * ti + Math.log1p(Math.exp(-Math.abs(zi)));
      const s = zi >= 0 ? 1 / (1 + Math.exp(-zi)) : Math.exp(zi) / (1 + Math.exp(zi)); // σ(z) without overflow
      g[i] = (s - ti) / n;
    }
    this.ready = true;
    return total / n;
  }
}

/** Mean squared error: L = mean((y − t)²), dL/dy = 2(y − t)/size (torch MSELoss). */
export class MeanSquaredError extends BaseLoss {
  readonly name = 'mean-squared-error';

  forward(output: Tensor, targets: Targets): number {
    this.checkOutput(output);
    const t = this.denseTargets(output, targets),
      y = output.data,
      n = y.length;
    const g = this.gradBuffer(output).data;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const d = y[i] - t[i];
      total += d * d;
      g[i] = (2 * d) / n;
    }
    this.ready = true;
    return total / n;
  }
}

/** L2 penalty (λ/2)·Σ w² over the given params (usually the weights, not biases or BatchNorm's γ, β).
 *  With `grad: true` also adds its gradient λ·w to each param's grad — the same as SGD's weightDecay = λ. */
export function l2Penalty(params: Param[], lambda: number, opts: { grad?: boolean } = {}): number {
  if (!(lambda >= 0 && Number.isFinite(lambda)))
    throw new RangeError(`l2Penalty: lambda must be a finite number ≥ 0, got ${lambda}`);
  let sum = 0;
  for (const p of params) {
    const w: FloatArray = p.value;
    for (let i = 0; i < w.length; i++) sum += w[i] * w[i];
    if (opts.grad && lambda !== 0) kernelsFor(w).axpy(w.length, lambda, w, p.grad);
  }
  return 0.5 * lambda * sum;
}

const LOSSES = {
  'softmax-cross-entropy': () => new SoftmaxCrossEntropy(),
  'binary-cross-entropy': () => new SigmoidBinaryCrossEntropy(),
  'mean-squared-error': () => new MeanSquaredError(),
  mse: () => new MeanSquaredError(),
} as const;

export type LossName = keyof typeof LOSSES;
export const LOSS_NAMES = Object.keys(LOSSES) as LossName[];

/** A new loss for a name users type; a wrong name lists the valid ones. */
export function lossFromName(name: string): Loss {
  if (!Object.prototype.hasOwnProperty.call(LOSSES, name)) {
    throw new Error(`unknown loss ${JSON.stringify(name)}; valid: ${LOSS_NAMES.join(', ')}`);
  }
  return LOSSES[name as LossName]();
}
