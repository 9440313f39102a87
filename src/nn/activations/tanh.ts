// Tanh: y = tanh x, dx = dy ⊙ (1 − y²). Any shape.
import type { LayerConfig } from '../layer';
import type { ActivationOptions } from './elementwise-activation';
import { ElementwiseActivationLayer } from './elementwise-activation';

export class Tanh extends ElementwiseActivationLayer {
  constructor(opts: ActivationOptions = {}) {
    super('tanh', 0, opts);
  }

  describe(): string {
    return 'Tanh';
  }

  config(): LayerConfig {
    return { type: 'Tanh', dtype: this.dtype };
  }
}
