// Maxout (Goodfellow et al. 2013): k affine pieces per output unit, one affine map to k·out values, max over each
// group:  z = x·Wᵀ + b  (W [out·k, in], b [out·k]; rows g·k … g·k+k−1 belong to unit g),  y_g = max_j z_{g·k+j}
//   dz = dy routed to each group's winning piece (zero elsewhere); then dW += dzᵀ·x, db += Σ dz, dx = dz·W.
// x [N, in] → y [N, out]. Init as Dense (default He normal on fan-in, zero bias).
import { kernelsFor } from '../backend';
import type { InitFn, InitName } from '../init';
import { resolveInit, zeros } from '../init';
import { Rng } from '../random';
import type { DType } from '../tensor';
import type { Tensor } from '../tensor';
import { Scratch } from './scratch';
import { nextDefaultSeed } from './default-seed';
import { checkCount, checkDType, checkGrad, checkInput } from './input-checks';
import type { ForwardOptions, LayerConfig, Param } from './layer';
import { Layer } from './layer';
import type { LazyGradParam } from './lazy-grad-param';
import { newParam } from './param';

export interface MaxoutOptions {
  init?: InitName | InitFn;
  seed?: number;
  dtype?: DType;
}

export class Maxout extends Layer {
  readonly dtype: DType;
  readonly weight: LazyGradParam;
  readonly bias: LazyGradParam;
  private readonly initName: string | undefined;
  private readonly init: InitFn;
  private readonly scratch = new Scratch();
  private x: Tensor | undefined;
  private y: Tensor | undefined;
  private argmax: Int32Array | undefined;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    readonly pieces = 2,
    opts: MaxoutOptions = {},
  ) {
    super();
    checkCount('Maxout', 'inFeatures', inFeatures);
    checkCount('Maxout', 'outFeatures', outFeatures);
    checkCount('Maxout', 'pieces', pieces);
    this.dtype = checkDType(this.describe(), opts.dtype);
    this.initName = typeof opts.init === 'string' ? opts.init : opts.init === undefined ? 'he' : undefined;
    this.init = resolveInit(opts.init ?? 'he', this.describe());
    this.weight = newParam('weight', [outFeatures * pieces, inFeatures], this.dtype);
    this.bias = newParam('bias', [outFeatures * pieces], this.dtype);
    this.resetParameters(new Rng(opts.seed ?? nextDefaultSeed()));
  }

  describe(): string {
    return `Maxout(${this.inFeatures}→${this.outFeatures}, k=${this.pieces})`;
  }

  override parameters(): Param[] {
    return [this.weight, this.bias];
  }

  override resetParameters(rng: Rng): void {
    const rows = this.outFeatures * this.pieces;
    this.weight.value.set(this.init(this.weight.shape, this.inFeatures, rows, rng));
    this.bias.value.set(zeros(this.bias.shape, this.inFeatures, rows, rng));
  }

  forward(x: Tensor, _opts?: ForwardOptions): Tensor {
    checkInput(this, x, this.dtype, this.inFeatures);
    const k = kernelsFor(x.data),
      N = x.rows,
      I = this.inFeatures,
      O = this.outFeatures,
      K = this.pieces;
    const z = this.scratch.tensor('z', [N, O * K], this.dtype);
    k.gemm(false, true, N, O * K, I, 1, x.data, I, this.weight.value, I, 0, z.data, O * K); // z = x·Wᵀ
    k.addBias(N, O * K, z.data, this.bias.value);
    const y = this.scratch.tensor('y', [N, O], this.dtype),
      argmax = this.scratch.int32('argmax', N * O);
    k.maxGroupsForward(N, O, K, z.data, y.data, argmax); // y_g = max over the group's k pieces
    this.x = x;
    this.y = y;
    this.argmax = argmax;
    return y;
  }

  backward(dy: Tensor): Tensor {
    const dz = this.backwardToPieces(dy);
    const x = this.x as Tensor,
      k = kernelsFor(dy.data),
      N = x.rows,
      I = this.inFeatures,
      OK = this.outFeatures * this.pieces;
    const dx = this.scratch.tensor('dx', x.shape, this.dtype);
    k.gemm(false, false, N, I, OK, 1, dz.data, OK, this.weight.value, I, 0, dx.data, I); // dx = dz·W
    return dx;
  }

  /** dW += dzᵀ·x, db += Σ dz — without dx = dz·W (the model's first layer). */
  override backwardParams(dy: Tensor): void {
    this.backwardToPieces(dy);
  }

  /** dz [N, O·K] (dy routed to each group's winning piece), then the parameter gradients; returns dz. */
  private backwardToPieces(dy: Tensor): Tensor {
    checkGrad(this, dy, this.y);
    const x = this.x as Tensor,
      k = kernelsFor(dy.data),
      N = x.rows,
      I = this.inFeatures,
      O = this.outFeatures,
      K = this.pieces;
    const dz = this.scratch.tensor('dz', [N, O * K], this.dtype);
    k.maxGroupsBackward(N, O, K, dy.data, this.argmax as Int32Array, dz.data);
    // dW (+)= dzᵀ·x, db (+)= Σ dz: overwrite when zeroed since (lazy-grad-param.ts)
    this.weight.accumulateGrad((dW, overwrite) =>
      k.gemm(true, false, O * K, I, N, 1, dz.data, O * K, x.data, I, overwrite ? 0 : 1, dW, I),
    );
    this.bias.accumulateGrad((db, overwrite) => k.sumRows(N, O * K, dz.data, db, !overwrite));
    return dz;
  }

  config(): LayerConfig {
    return {
      type: 'Maxout',
      inFeatures: this.inFeatures,
      outFeatures: this.outFeatures,
      pieces: this.pieces,
      init: this.initName,
      dtype: this.dtype,
    };
  }
}
