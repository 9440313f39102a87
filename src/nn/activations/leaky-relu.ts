// Leaky ReLU: y = x > 0 ? x : s·x, dx = dy ⊙ (x > 0 ? 1 : s). Slope s default 0.1 (the lecture's max(0.1x, x);
// PyTorch's default is 0.01). Any shape.
import type { LayerConfig } from '../layer';
import type { ActivationOptions } from './elementwise-activation';
import { ElementwiseActivationLayer } from './elementwise-activation';

export interface LeakyReLUOptions extends ActivationOptions {
  slope?: number;
}

export class LeakyReLU extends ElementwiseActivationLayer {
  readonly slope: number;

  constructor(opts: LeakyReLUOptions = {}) {
    const slope = opts.slope ?? 0.1;
    if (!Number.isFinite(slope)) throw new RangeError(`LeakyReLU: slope must be a finite number, got ${slope}`);
    super('leaky-relu', slope, opts);
    this.slope = slope;
  }

  describe(): string {
    return `LeakyReLU(${this.slope})`;
  }

  config(): LayerConfig {
    return { type: 'LeakyReLU', slope: this.slope, dtype: this.dtype };
  }
}
