// Stochastic gradient descent, torch.optim.SGD semantics (dampening 0), fused in the backend's sgdStep kernel:
//   g = ∇w + λ·w                         (weight decay λ: the gradient of the L2 penalty (λ/2)‖w‖²)
//   v = g on the first step, else μ·v + g  (momentum μ)
//   w ← w − lr·v                         (classic momentum), or w ← w − lr·(g + μ·v) (Nesterov, Sutskever 2013)
import { kernelsFor } from '../backend';
import type { FloatArray } from '../backend/types';
import type { Param } from '../nn/layer';
import { allocLike } from '../tensor';
import type { OptimizerConfig } from './optimizer';
import { Optimizer } from './optimizer';
import { fraction, nonNegative } from './hyperparameters';

export interface SGDOptions {
  lr: number;
  momentum?: number;
  nesterov?: boolean;
  weightDecay?: number;
}

export class SGD extends Optimizer {
  readonly type = 'SGD';
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;

  constructor(opts: SGDOptions) {
    super(opts?.lr);
    this.momentum = fraction('SGD', 'momentum', opts.momentum ?? 0);
    this.nesterov = opts.nesterov ?? false;
    this.weightDecay = nonNegative('SGD', 'weightDecay', opts.weightDecay ?? 0);
    if (this.nesterov && this.momentum === 0) throw new RangeError('SGD: nesterov needs momentum > 0');
  }

  config(): OptimizerConfig {
    return {
      type: this.type,
      ...{ lr: this.lr, momentum: this.momentum, nesterov: this.nesterov, weightDecay: this.weightDecay },
    };
  }

  step(params: Param[]): void {
    for (const p of params) {
      this.checkParam(p);
      const s = this.slotsFor(p, () => ({ velocity: allocLike(p.value, p.value.length), steps: 0 }));
      kernelsFor(p.value).sgdStep(
        p.value.length,
        p.value,
        p.grad,
        s.velocity as FloatArray,
        this.lr,
        this.momentum,
        this.weightDecay,
        this.nesterov,
        s.steps === 0,
      );
      s.steps = (s.steps as number) + 1;
    }
  }
}
