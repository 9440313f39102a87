// ELU (Clevert et al. 2016): y = x > 0 ? x : α(e^x − 1), dx = dy ⊙ (x > 0 ? 1 : y + α). α default 1. Any shape.
import type { LayerConfig } from '../layer';
import type { ActivationOptions } from './elementwise-activation';
import { ElementwiseActivationLayer } from './elementwise-activation';

export interface ELUOptions extends ActivationOptions {
  alpha?: number;
}

export class ELU extends ElementwiseActivationLayer {
  readonly alpha: number;

  constructor(opts: ELUOptions = {}) {
    const alpha = opts.alpha ?? 1;
    if (!Number.isFinite(alpha)) throw new RangeError(`ELU: alpha must be a finite number, got ${alpha}`);
    super('elu', alpha, opts);
    this.alpha = alpha;
  }

  describe(): string {
    return `ELU(${this.alpha})`;
  }

  config(): LayerConfig {
    return { type: 'ELU', alpha: this.alpha, dtype: this.dtype };
  }
}
