// Dense (fully connected), as PyTorch nn.Linear:
//   y = x·Wᵀ + b          x [N, in], W [out, in], b [out] → y [N, out]
//   dx = dy·W  [N, in],   dW += dyᵀ·x  [out, in],   db += Σ_rows dy  [out]
// (dW = dyᵀ·x, db = Σ dy when the gradient was zeroed since: GEMM β = 0 instead of reading zeros, lazy-grad-param.ts)
// Inputs with more than two dimensions are read as [N, in] with in = product of the trailing ones.
// Default init: He normal (std √(2/in)) for the weights, zeros for the bias — the lecture's ReLU advice; pass
// `init: 'xavier'` (or any name in init.ts) for tanh/sigmoid or the output layer.
import { kernelsFor } from '../backend';
import type { Backend } from '../backend/types';
import type { InitFn, InitName } from '../init';
import { resolveInit, zeros } from '../init';
import { Rng } from '../random';
import type { DType } from '../tensor';
import { Tensor } from '../tensor';
import { Scratch } from './scratch';
import { nextDefaultSeed } from './default-seed';
import { checkCount, checkDType, checkGrad, checkInput } from './input-checks';
import type { ForwardOptions, LayerConfig, Param } from './layer';
import { Layer } from './layer';
import type { LazyGradParam } from './lazy-grad-param';
import { newParam } from './param';

export interface DenseOptions {
  /** Add a learned bias (default true). */
  bias?: boolean;
  /** Weight init policy: a name from init.ts or a function (default 'he'). */
  init?: InitName | InitFn;
  /** Seed for the initial weights (default: a process-wide counter, see default-seed.ts). */
  seed?: number;
  dtype?: DType;
}

export class Dense extends Layer {
  readonly dtype: DType;
  readonly weight: LazyGradParam;
  readonly bias: LazyGradParam | undefined;
  private readonly initName: string | undefined;
  private readonly init: InitFn;
  private readonly scratch = new Scratch();
  private x: Tensor | undefined; // cached for dW
  private y: Tensor | undefined;
  /** 'bf16': the three matrix products take bf16-rounded inputs with fp32 sums (fit's precision option sets it). */
  matmulPrecision: 'fp32' | 'bf16' = 'fp32';

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    opts: DenseOptions = {},
  ) {
    super();
    checkCount('Dense', 'inFeatures', inFeatures);
    checkCount('Dense', 'outFeatures', outFeatures);
    this.dtype = checkDType(this.describe(), opts.dtype);
    this.initName = typeof opts.init === 'string' ? opts.init : opts.init === undefined ? 'he' : undefined;
    this.init = resolveInit(opts.init ?? 'he', this.describe());
    this.weight = newParam('weight', [outFeatures, inFeatures], this.dtype);
    this.bias = opts.bias === false ? undefined : newParam('bias', [outFeatures], this.dtype);
    this.resetParameters(new Rng(opts.seed ?? nextDefaultSeed()));
  }

  private gemm(k: Backend): Backend['gemm'] {
    return this.matmulPrecision === 'bf16' ? k.gemmBf16 : k.gemm;
  }

  describe(): string {
    return `Dense(${this.inFeatures}→${this.outFeatures})`;
  }

  override parameters(): Param[] {
    return this.bias ? [this.weight, this.bias] : [this.weight];
  }

  override resetParameters(rng: Rng): void {
    this.weight.value.set(this.init(this.weight.shape, this.inFeatures, this.outFeatures, rng));
    if (this.bias) this.bias.value.set(zeros(this.bias.shape, this.inFeatures, this.outFeatures, rng));
  }

  forward(x: Tensor, _opts?: ForwardOptions): Tensor {
    checkInput(this, x, this.dtype, this.inFeatures);
    const k = kernelsFor(x.data),
      N = x.rows,
      I = this.inFeatures,
      O = this.outFeatures;
    const y = this.scratch.tensor('y', [N, O], this.dtype);
    this.gemm(k)(false, true, N, O, I, 1, x.data, I, this.weight.value, I, 0, y.data, O); // y = x·Wᵀ
    // y += b as its own pass, not a GEMM epilogue: the pass is 0.3 % of a native training step of the bench MLP
    // and the activations after it 0.6 % (`node bench/profile-step.js --backend native --threads 1`), so fusing
    // both into the GEMM could save < 1 % at the price of a second GEMM entry point in every backend.
    if (this.bias) k.addBias(N, O, y.data, this.bias.value);
    this.x = x;
    this.y = y;
    return y;
  }

  backward(dy: Tensor): Tensor {
    this.backwardParams(dy);
    const x = this.x as Tensor,
      k = kernelsFor(dy.data),
      N = x.rows,
      I = this.inFeatures,
      O = this.outFeatures;
    const dx = this.scratch.tensor('dx', x.shape, this.dtype);
    this.gemm(k)(false, false, N, I, O, 1, dy.data, O, this.weight.value, I, 0, dx.data, I); // dx = dy·W
    return dx;
  }

  /** dW (+)= dyᵀ·x, db (+)= Σ dy — without dx = dy·W, a third of a first layer's backward work. */
  override backwardParams(dy: Tensor): void {
    checkGrad(this, dy, this.y);
    const x = this.x as Tensor,
      k = kernelsFor(dy.data),
      N = x.rows,
      I = this.inFeatures,
      O = this.outFeatures;
    const gemm = this.gemm(k);
    this.weight.accumulateGrad((dW, overwrite) =>
      gemm(true, false, O, I, N, 1, dy.data, O, x.data, I, overwrite ? 0 : 1, dW, I),
    );
    this.bias?.accumulateGrad((db, overwrite) => k.sumRows(N, O, dy.data, db, !overwrite)); // db (+)= Σ dy
  }

  config(): LayerConfig {
    return {
      type: 'Dense',
      inFeatures: this.inFeatures,
      outFeatures: this.outFeatures,
      bias: this.bias !== undefined,
      init: this.initName,
      dtype: this.dtype,
    };
  }
}
