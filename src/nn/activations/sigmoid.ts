// Sigmoid: y = 1/(1 + e^−x), dx = dy ⊙ y(1 − y). Any shape.
import type { LayerConfig } from '../layer';
import type { ActivationOptions } from './elementwise-activation';
import { ElementwiseActivationLayer } from './elementwise-activation';

export class Sigmoid extends ElementwiseActivationLayer {
  constructor(opts: ActivationOptions = {}) {
    super('sigmoid', 0, opts);
  }

  describe(): string {
    return 'Sigmoid';
  }

  config(): LayerConfig {
    return { type: 'Sigmoid', dtype: this.dtype };
  }
}
