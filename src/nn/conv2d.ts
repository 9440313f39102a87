// Conv2d, as PyTorch nn.Conv2d with groups = 1 (a cross-correlation):
//   y[n, o, oh, ow] = b[o] + Σ_{c,i,j} W[o, c, i, j] · x[n, c, oh·sh − ph + i·dh, ow·sw − pw + j·dw]   (0 outside)
//   x [N, C, H, W], W [OC, C, kH, kW], b [OC] → y [N, OC, OH, OW],  OH = ⌊(H + 2ph − dh(kH − 1) − 1)/sh⌋ + 1
//   dx = the transposed convolution of dy with W,  dW += Σ_n dy_n ⋆ x_n,  db += Σ_{n,oh,ow} dy
// The backend runs it as im2col + GEMM per sample (src/backend/js/conv2d.ts, native/kernels/conv2d.cc).
// Default init: He normal with fanIn = C·kH·kW (fanOut = OC·kH·kW), zero bias, as Dense.
import { kernelsFor } from '../backend';
import type { Conv2dShape } from '../backend/window2d';
import { windowOutput } from '../backend/window2d';
import type { InitFn, InitName } from '../init';
import { resolveInit, zeros } from '../init';
import { Rng } from '../random';
import type { DType } from '../tensor';
import { Tensor } from '../tensor';
import { Scratch } from './scratch';
import { nextDefaultSeed } from './default-seed';
import { checkCount, checkDType, checkGrad, shapeString } from './input-checks';
import type { ForwardOptions, LayerConfig, Param } from './layer';
import { Layer } from './layer';
import { newParam } from './param';
import type { Size2 } from './window-options';
import { checkImageInput, size2 } from './window-options';

export interface Conv2dOptions {
  /** Step between windows (default 1). */
  stride?: Size2;
  /** Zeros added on each side (default 0). */
  padding?: Size2;
  /** Spacing of the kernel taps (default 1). */
  dilation?: Size2;
  /** Add a learned bias (default true; turn off before a BatchNorm). */
  bias?: boolean;
  /** Weight init policy: a name from init.ts or a function (default 'he'). */
  init?: InitName | InitFn;
  seed?: number;
  dtype?: DType;
}

export class Conv2d extends Layer {
  readonly dtype: DType;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly dilation: [number, number];
  readonly weight: Param;
  readonly bias: Param | undefined;
  private readonly initName: string | undefined;
  private readonly init: InitFn;
  private readonly scratch = new Scratch();
  private x: Tensor | undefined; // cached for dW
  private y: Tensor | undefined;
  private shape: Conv2dShape | undefined;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: Size2,
    opts: Conv2dOptions = {},
  ) {
    super();
    checkCount('Conv2d', 'inChannels', inChannels);
    checkCount('Conv2d', 'outChannels', outChannels);
    this.kernelSize = size2('Conv2d', 'kernelSize', kernelSize, 0, 1);
    this.stride = size2('Conv2d', 'stride', opts.stride, 1, 1);
    this.padding = size2('Conv2d', 'padding', opts.padding, 0, 0);
    this.dilation = size2('Conv2d', 'dilation', opts.dilation, 1, 1);
    this.dtype = checkDType(this.describe(), opts.dtype);
    this.initName = typeof opts.init === 'string' ? opts.init : opts.init === undefined ? 'he' : undefined;
    this.init = resolveInit(opts.init ?? 'he', this.describe());
    const [kh, kw] = this.kernelSize;
    this.weight = newParam('weight', [outChannels, inChannels, kh, kw], this.dtype);
    this.bias = opts.bias === false ? undefined : newParam('bias', [outChannels], this.dtype);
    this.resetParameters(new Rng(opts.seed ?? nextDefaultSeed()));
  }

  describe(): string {
    const [kh, kw] = this.kernelSize;
    return `Conv2d(${this.inChannels}→${this.outChannels}, ${kh}×${kw})`;
  }

  override parameters(): Param[] {
    return this.bias ? [this.weight, this.bias] : [this.weight];
  }

  override resetParameters(rng: Rng): void {
    const taps = this.kernelSize[0] * this.kernelSize[1],
      fanIn = this.inChannels * taps,
      fanOut = this.outChannels * taps;
    this.weight.value.set(this.init(this.weight.shape, fanIn, fanOut, rng));
    if (this.bias) this.bias.value.set(zeros(this.bias.shape, fanIn, fanOut, rng));
  }

  /** [OH, OW] for an H × W input (0 where the kernel does not fit). */
  outputSize(H: number, W: number): [number, number] {
    return [
      windowOutput(H, this.kernelSize[0], this.stride[0], this.padding[0], this.dilation[0]),
      windowOutput(W, this.kernelSize[1], this.stride[1], this.padding[1], this.dilation[1]),
    ];
  }

  forward(x: Tensor, _opts?: ForwardOptions): Tensor {
    checkImageInput(this, x, this.dtype, this.inChannels);
    const [N, C, H, W] = x.shape;
    const [OH, OW] = this.outputSize(H, W);
    if (OH === 0 || OW === 0) {
      throw new RangeError(
        `${this.describe()}: the kernel (stride ${this.stride.join('×')}, padding ${this.padding.join('×')}, ` +
          `dilation ${this.dilation.join('×')}) does not fit the input ${shapeString(x.shape)}`,
      );
    }
    const s: Conv2dShape = {
      N,
      C,
      H,
      W,
      kernelH: this.kernelSize[0],
      kernelW: this.kernelSize[1],
      strideH: this.stride[0],
      strideW: this.stride[1],
      padH: this.padding[0],
      padW: this.padding[1],
      dilationH: this.dilation[0],
      dilationW: this.dilation[1],
    };
    const y = this.scratch.tensor('y', [N, this.outChannels, OH, OW], this.dtype);
    const b = this.bias ? this.bias.value : null;
    kernelsFor(x.data).conv2dForward(s, this.outChannels, x.data, this.weight.value, b, y.data);
    this.x = x;
    this.y = y;
    this.shape = s;
    return y;
  }

  backward(dy: Tensor): Tensor {
    this.backwardParams(dy);
    const x = this.x as Tensor;
    const dx = this.scratch.tensor('dx', x.shape, this.dtype);
    kernelsFor(dy.data).conv2dBackwardData(
      this.shape as Conv2dShape,
      this.outChannels,
      dy.data,
      this.weight.value,
      dx.data,
    );
    return dx;
  }

  /** dW and db without dx (the first layer of a model, whose input is data). */
  override backwardParams(dy: Tensor): void {
    checkGrad(this, dy, this.y);
    const x = this.x as Tensor;
    const db = this.bias ? this.bias.grad : null;
    kernelsFor(dy.data).conv2dBackwardFilter(
      this.shape as Conv2dShape,
      this.outChannels,
      x.data,
      dy.data,
      this.weight.grad,
      db,
    );
  }

  config(): LayerConfig {
    return {
      type: 'Conv2d',
      inChannels: this.inChannels,
      outChannels: this.outChannels,
      kernelSize: this.kernelSize,
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      bias: this.bias !== undefined,
      init: this.initName,
      dtype: this.dtype,
    };
  }
}
