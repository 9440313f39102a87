// Flatten: x [N, d1, d2, ...] → y [N, d1·d2·...] (a view, no copy; NCHW order, as PyTorch nn.Flatten), and dy back
// to the input's shape. Put it between the image layers and the first Dense.
import type { DType } from '../tensor';
import type { Tensor } from '../tensor';
import { checkDType, checkGrad, checkInput } from './input-checks';
import type { ForwardOptions, LayerConfig } from './layer';
import { Layer } from './layer';

export class Flatten extends Layer {
  readonly dtype: DType;
  private inShape: readonly number[] | undefined;
  private y: Tensor | undefined;

  constructor(opts: { dtype?: DType } = {}) {
    super();
    this.dtype = checkDType('Flatten', opts.dtype);
  }

  describe(): string {
    return 'Flatten';
  }

  forward(x: Tensor, _opts?: ForwardOptions): Tensor {
    checkInput(this, x, this.dtype);
    this.inShape = x.shape;
    this.y = x.reshape([x.rows, x.cols]);
    return this.y;
  }

  backward(dy: Tensor): Tensor {
    checkGrad(this, dy, this.y);
    return dy.reshape(this.inShape as readonly number[]);
  }

  config(): LayerConfig {
    return { type: 'Flatten', dtype: this.dtype };
  }
}
