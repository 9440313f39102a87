// PReLU (He et al. 2015): y = x > 0 ? x : a·x with a learned slope a, shared (channels = 1) or one per feature.
//   dx = dy ⊙ (x > 0 ? 1 : a),  da += Σ over x ≤ 0 of dy·x   (summed over the batch, and over features if shared)
// x [N, D], a [1] or [D]; init a = 0.25 (the paper's and PyTorch's).
import { kernelsFor } from '../../backend';
import type { DType } from '../../tensor';
import type { Tensor } from '../../tensor';
import type { Rng } from '../../random';
import { Scratch } from '../scratch';
import { checkCount, checkDType, checkGrad, checkInput } from '../input-checks';
import type { ForwardOptions, LayerConfig, Param } from '../layer';
import { Layer } from '../layer';
import { newParam } from '../param';

export interface PReLUOptions {
  /** 1 (default): one slope shared by all features; D: one per feature (input must then be [N, D]). */
  channels?: number;
  /** Initial slope (default 0.25). */
  init?: number;
  dtype?: DType;
}

export class PReLU extends Layer {
  readonly dtype: DType;
  readonly channels: number;
  readonly initSlope: number;
  readonly slope: Param;
  private readonly scratch = new Scratch();
  private x: Tensor | undefined;
  private y: Tensor | undefined;

  constructor(opts: PReLUOptions = {}) {
    super();
    this.channels = checkCount('PReLU', 'channels', opts.channels ?? 1);
    this.initSlope = opts.init ?? 0.25;
    if (!Number.isFinite(this.initSlope))
      throw new RangeError(`PReLU: init must be a finite number, got ${this.initSlope}`);
    this.dtype = checkDType(this.describe(), opts.dtype);
    this.slope = newParam('slope', [this.channels], this.dtype);
    this.resetParameters();
  }

  describe(): string {
    return this.channels === 1 ? 'PReLU' : `PReLU(${this.channels})`;
  }

  override parameters(): Param[] {
    return [this.slope];
  }

  override resetParameters(_rng?: Rng): void {
    this.slope.value.fill(this.initSlope);
  }

  forward(x: Tensor, _opts?: ForwardOptions): Tensor {
    checkInput(this, x, this.dtype, this.channels === 1 ? undefined : this.channels);
    const y = this.scratch.tensor('y', x.shape, this.dtype);
    const cols = this.channels === 1 ? x.size / x.rows : this.channels;
    kernelsFor(x.data).preluForward(x.rows, cols, x.data, this.slope.value, y.data);
    this.x = x;
    this.y = y;
    return y;
  }

  backward(dy: Tensor): Tensor {
    checkGrad(this, dy, this.y);
    const x = this.x as Tensor,
      cols = this.channels === 1 ? x.size / x.rows : this.channels;
    const dx = this.scratch.tensor('dx', x.shape, this.dtype);
    kernelsFor(dy.data).preluBackward(x.rows, cols, x.data, dy.data, this.slope.value, dx.data, this.slope.grad);
    return dx;
  }

  config(): LayerConfig {
    return { type: 'PReLU', channels: this.channels, init: this.initSlope, dtype: this.dtype };
  }
}
