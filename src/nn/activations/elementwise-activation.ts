// Base of the parameter-free activations: y = f(x) elementwise over any shape, dx = dy ⊙ f'(x) from the
// backend's activationForward/activationBackward kernels (formulas in src/backend/js/activations.ts).
import { kernelsFor } from '../../backend';
import type { ElementwiseActivation } from '../../backend/types';
import type { DType } from '../../tensor';
import type { Tensor } from '../../tensor';
import { Scratch } from '../scratch';
import { checkDType, checkGrad, checkInput } from '../input-checks';
import type { ForwardOptions } from '../layer';
import { Layer } from '../layer';

export interface ActivationOptions {
  dtype?: DType;
}

export abstract class ElementwiseActivationLayer extends Layer {
  readonly dtype: DType;
  private readonly scratch = new Scratch();
  private x: Tensor | undefined;
  private y: Tensor | undefined;

  protected constructor(
    private readonly kind: ElementwiseActivation,
    private readonly param: number,
    opts: ActivationOptions,
  ) {
    super();
    this.dtype = checkDType(kind, opts.dtype);
  }

  forward(x: Tensor, _opts?: ForwardOptions): Tensor {
    checkInput(this, x, this.dtype);
    const y = this.scratch.tensor('y', x.shape, this.dtype);
    kernelsFor(x.data).activationForward(this.kind, x.data, y.data, this.param);
    this.x = x;
    this.y = y;
    return y;
  }

  backward(dy: Tensor): Tensor {
    checkGrad(this, dy, this.y);
    const x = this.x as Tensor,
      y = this.y as Tensor;
    const dx = this.scratch.tensor('dx', x.shape, this.dtype);
    kernelsFor(dy.data).activationBackward(this.kind, x.data, y.data, dy.data, dx.data, this.param);
    return dx;
  }
}
