// Base of MaxPool2d and AvgPool2d: a window over each channel plane of x [N, C, H, W] → y [N, C, OH, OW],
// OH = ⌊(H + 2·padding − kernel)/stride⌋ + 1; stride defaults to the kernel size (non-overlapping windows), as in
// PyTorch. Padding at most half the kernel. The subclass picks the kernels (formulas in src/backend/js/pool2d.ts).
import type { Backend, FloatArray } from '../backend/types';
import type { Pool2dShape } from '../backend/window2d';
import { windowOutput } from '../backend/window2d';
import type { DType } from '../tensor';
import type { Tensor } from '../tensor';
import { Scratch } from './scratch';
import { checkDType, checkGrad, shapeString } from './input-checks';
import { kernelsFor } from '../backend';
import type { ForwardOptions, LayerConfig } from './layer';
import { Layer } from './layer';
import type { Size2 } from './window-options';
import { checkImageInput, size2 } from './window-options';

export interface Pool2dOptions {
  /** Step between windows (default: the kernel size). */
  stride?: Size2;
  /** Padding on each side, at most half the kernel (default 0). */
  padding?: Size2;
  dtype?: DType;
}

export abstract class Pool2dLayer extends Layer {
  readonly dtype: DType;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  protected readonly scratch = new Scratch();
  private x: Tensor | undefined;
  private y: Tensor | undefined;
  private shape: Pool2dShape | undefined;

  protected constructor(
    private readonly type: string,
    kernelSize: Size2,
    opts: Pool2dOptions,
  ) {
    super();
    this.kernelSize = size2(type, 'kernelSize', kernelSize, 0, 1);
    this.stride = size2(type, 'stride', opts.stride ?? this.kernelSize, 0, 1);
    this.padding = size2(type, 'padding', opts.padding, 0, 0);
    if (2 * this.padding[0] > this.kernelSize[0] || 2 * this.padding[1] > this.kernelSize[1])
      throw new RangeError(`${type}: padding ${JSON.stringify(this.padding)} must be at most half the kernel size`);
    this.dtype = checkDType(type, opts.dtype);
  }

  describe(): string {
    return `${this.type}(${this.kernelSize.join('×')})`;
  }

  protected abstract runForward(k: Backend, s: Pool2dShape, x: FloatArray, y: FloatArray): void;
  protected abstract runBackward(k: Backend, s: Pool2dShape, dy: FloatArray, dx: FloatArray): void;

  /** The window over an [N, C, H, W] input and the output shape (GlobalAvgPool2d overrides both). */
  protected geometry(x: Tensor): { s: Pool2dShape; yShape: number[] } {
    const [N, C, H, W] = x.shape;
    const [kh, kw] = this.kernelSize,
      [sh, sw] = this.stride,
      [ph, pw] = this.padding;
    const OH = windowOutput(H, kh, sh, ph),
      OW = windowOutput(W, kw, sw, pw);
    if (OH === 0 || OW === 0)
      throw new RangeError(`${this.describe()}: the window does not fit the input ${shapeString(x.shape)}`);
    const s: Pool2dShape = { N, C, H, W, kernelH: kh, kernelW: kw, strideH: sh, strideW: sw, padH: ph, padW: pw };
    return { s, yShape: [N, C, OH, OW] };
  }

  forward(x: Tensor, _opts?: ForwardOptions): Tensor {
    checkImageInput(this, x, this.dtype);
    const { s, yShape } = this.geometry(x);
    const y = this.scratch.tensor('y', yShape, this.dtype);
    this.runForward(kernelsFor(x.data), s, x.data, y.data);
    this.x = x;
    this.y = y;
    this.shape = s;
    return y;
  }

  backward(dy: Tensor): Tensor {
    checkGrad(this, dy, this.y);
    const x = this.x as Tensor;
    const dx = this.scratch.tensor('dx', x.shape, this.dtype);
    this.runBackward(kernelsFor(dy.data), this.shape as Pool2dShape, dy.data, dx.data);
    return dx;
  }

  config(): LayerConfig {
    return {
      type: this.type,
      kernelSize: this.kernelSize,
      stride: this.stride,
      padding: this.padding,
      dtype: this.dtype,
    };
  }
}
