// Adam (Kingma & Ba 2015), torch.optim.Adam semantics (L2 weight decay added to the gradient, not AdamW), fused
// in the backend's adamStep kernel. Per parameter, with step t = 1, 2, …:
//   g = ∇w + λ·w
//   m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²
//   w ← w − lr/(1 − β1ᵗ) · m / (√v/√(1 − β2ᵗ) + ε)
import { kernelsFor } from '../backend';
import type { FloatArray } from '../backend/types';
import type { Param } from '../nn/layer';
import { allocLike } from '../tensor';
import type { OptimizerConfig } from './optimizer';
import { Optimizer } from './optimizer';
import { fraction, nonNegative, positive } from './hyperparameters';

export interface AdamOptions {
  lr?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
}

export class Adam extends Optimizer {
  readonly type = 'Adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;

  constructor(opts: AdamOptions = {}) {
    super(opts.lr ?? 1e-3);
    this.beta1 = fraction('Adam', 'beta1', opts.beta1 ?? 0.9);
    this.beta2 = fraction('Adam', 'beta2', opts.beta2 ?? 0.999);
    this.eps = positive('Adam', 'eps', opts.eps ?? 1e-8);
    this.weightDecay = nonNegative('Adam', 'weightDecay', opts.weightDecay ?? 0);
  }

  config(): OptimizerConfig {
    return {
      type: this.type,
      ...{ lr: this.lr, beta1: this.beta1, beta2: this.beta2, eps: this.eps, weightDecay: this.weightDecay },
    };
  }

  step(params: Param[]): void {
    for (const p of params) {
      this.checkParam(p);
      const n = p.value.length;
      const s = this.slotsFor(p, () => ({ m: allocLike(p.value, n), v: allocLike(p.value, n), steps: 0 }));
      const t = (s.steps as number) + 1;
      kernelsFor(p.value).adamStep(
        n,
        p.value,
        p.grad,
        s.m as FloatArray,
        s.v as FloatArray,
        this.lr,
        this.beta1,
        this.beta2,
        this.eps,
        this.weightDecay,
        t,
      );
      s.steps = t;
    }
  }
}
