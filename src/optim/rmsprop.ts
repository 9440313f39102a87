// RMSProp (Hinton, Coursera lecture 6e), torch.optim.RMSprop semantics (not centered):
//   g = ∇w + λ·w
//   s ← α·s + (1 − α)·g²
//   momentum μ = 0:  w ← w − lr·g/(√s + ε)
//   momentum μ > 0:  b ← μ·b + g/(√s + ε),  w ← w − lr·b
// No fused kernel exists for it: a plain loop (optimizer steps are O(parameters), far below the layers' cost).
import type { FloatArray } from '../backend/types';
import type { Param } from '../nn/layer';
import { allocLike } from '../tensor';
import type { OptimizerConfig } from './optimizer';
import { Optimizer } from './optimizer';
import { fraction, nonNegative, positive } from './hyperparameters';

export interface RMSPropOptions {
  lr?: number;
  alpha?: number;
  eps?: number;
  momentum?: number;
  weightDecay?: number;
}

export class RMSProp extends Optimizer {
  readonly type = 'RMSProp';
  readonly alpha: number;
  readonly eps: number;
  readonly momentum: number;
  readonly weightDecay: number;

  constructor(opts: RMSPropOptions = {}) {
    super(opts.lr ?? 1e-2);
    this.alpha = fraction('RMSProp', 'alpha', opts.alpha ?? 0.99);
    this.eps = positive('RMSProp', 'eps', opts.eps ?? 1e-8);
    this.momentum = fraction('RMSProp', 'momentum', opts.momentum ?? 0);
    this.weightDecay = nonNegative('RMSProp', 'weightDecay', opts.weightDecay ?? 0);
  }

  config(): OptimizerConfig {
    return {
      type: this.type,
      ...{ lr: this.lr, alpha: this.alpha, eps: this.eps, momentum: this.momentum, weightDecay: this.weightDecay },
    };
  }

  step(params: Param[]): void {
    const { alpha, eps, momentum: mu, weightDecay: wd, lr } = this;
    for (const p of params) {
      this.checkParam(p);
      const n = p.value.length;
      const s = this.slotsFor(p, () => ({ square: allocLike(p.value, n), buffer: allocLike(p.value, n) }));
      const w = p.value,
        grad = p.grad,
        sq = s.square as FloatArray,
        buf = s.buffer as FloatArray;
      for (let i = 0; i < n; i++) {
        const g = grad[i] + wd * w[i];
        sq[i] = alpha * sq[i] + (1 - alpha) * g * g;
        const step = g / (Math.sqrt(sq[i]) + eps);
        if (mu > 0) {
          buf[i] = mu * buf[i] + step;
          w[i] -= lr * buf[i];
        } else {
          w[i] -= lr * step;
        }
      }
    }
  }
}
