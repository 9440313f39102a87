// ReLU: y = max(0, x), dx = dy ⊙ 1[x > 0] (the gradient at the kink x = 0 is taken as 0). Any shape.
import type { LayerConfig } from '../layer';
import type { ActivationOptions } from './elementwise-activation';
import { ElementwiseActivationLayer } from './elementwise-activation';

export class ReLU extends ElementwiseActivationLayer {
  constructor(opts: ActivationOptions = {}) {
    super('relu', 0, opts);
  }

  describe(): string {
    return 'ReLU';
  }

  config(): LayerConfig {
    return { type: 'ReLU', dtype: this.dtype };
  }
}
