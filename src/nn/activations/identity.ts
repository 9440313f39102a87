// Identity: y = x, dx = dy (the regression output "activation"). Any shape.
import type { LayerConfig } from '../layer';
import type { ActivationOptions } from './elementwise-activation';
import { ElementwiseActivationLayer } from './elementwise-activation';

export class Identity extends ElementwiseActivationLayer {
  constructor(opts: ActivationOptions = {}) {
    super('identity', 0, opts);
  }

  describe(): string {
    return 'Identity';
  }

  config(): LayerConfig {
    return { type: 'Identity', dtype: this.dtype };
  }
}
