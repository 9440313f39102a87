// BatchNorm over the features of [N, D] (Ioffe & Szegedy 2015; PyTorch nn.BatchNorm1d conventions):
//   training:  μ = (1/N) Σ x,  σ² = (1/N) Σ (x − μ)²  (biased: this is what normalizes),
//              x̂ = (x − μ)/√(σ² + ε),  y = γ x̂ + β
//              running_mean ← (1 − m)·running_mean + m·μ
//              running_var  ← (1 − m)·running_var  + m·σ²·N/(N − 1)   (unbiased: what PyTorch stores)
//   eval:      y = γ (x − running_mean)/√(running_var + ε) + β
//   backward (training): dβ = Σ dy, dγ = Σ dy·x̂, dx = γ/√(σ² + ε)·(dy − mean(dy) − x̂·mean(dy·x̂))
//   backward (eval, a fixed affine map): dx = dy·γ/√(running_var + ε), same dγ, dβ.
// x [N, D], γ, β, running estimates [D]; momentum m = 0.1 weighs the NEW batch (PyTorch's convention, Keras's
// momentum 0.99 is 1 − m). ε = 1e-5 goes inside the square root. The seed notes drop the square in σ²: a typo.
// With { relu: true } the layer is BatchNorm followed by ReLU, y = max(0, γ x̂ + β), run by the fused kernels
// (one pass less over y forward and backward; bench/batchnorm.js): the same as new BatchNorm(D) then new ReLU().
// Images: x [N, C, H, W] (or any [N, C, ...]) is normalized per channel over the N·H·W values (PyTorch
// BatchNorm2d); then N above reads M = N·H·W, also in the unbiased factor M/(M − 1). The kernels take [N, C, S]:
// S = 1 for [N, D], S = H·W for images.
import { kernelsFor } from '../backend';
import type { FloatArray } from '../backend/types';
import type { DType } from '../tensor';
import type { Tensor } from '../tensor';
import { allocLike } from '../tensor';
import { Scratch } from './scratch';
import { checkCount, checkDType, checkGrad, checkInput, shapeString } from './input-checks';
import type { ForwardOptions, LayerConfig, Param } from './layer';
import { Layer } from './layer';
import type { LazyGradParam } from './lazy-grad-param';
import { newParam } from './param';

export interface BatchNormOptions {
  /** Weight of the new batch in the running estimates (default 0.1). */
  momentum?: number;
  /** Added to the variance inside the square root (default 1e-5). */
  eps?: number;
  /** Fuse a ReLU after the normalization (default false). */
  relu?: boolean;
  dtype?: DType;
}

export class BatchNorm extends Layer {
  readonly dtype: DType;
  readonly momentum: number;
  readonly eps: number;
  readonly relu: boolean;
  readonly gamma: LazyGradParam;
  readonly beta: LazyGradParam;
  readonly runningMean: Param;
  readonly runningVar: Param;
  private readonly scratch = new Scratch();
  // Saved by forward for backward: per-feature batch statistics.
  private readonly mean: FloatArray;
  private readonly variance: FloatArray;
  private readonly invStd: FloatArray;
  private readonly dgamma: FloatArray; // the fused kernel overwrites; the layer then accumulates into γ.grad
  private readonly dbeta: FloatArray;
  private x: Tensor | undefined;
  private y: Tensor | undefined;
  private trainedForward = true;

  constructor(
    readonly features: number,
    opts: BatchNormOptions = {},
  ) {
    super();
    checkCount('BatchNorm', 'features', features);
    this.dtype = checkDType(this.describe(), opts.dtype);
    this.momentum = opts.momentum ?? 0.1;
    this.eps = opts.eps ?? 1e-5;
    this.relu = opts.relu ?? false;
    if (!(this.momentum >= 0 && this.momentum <= 1))
      throw new RangeError(`${this.describe()}: momentum must be in [0, 1], got ${this.momentum}`);
    if (!(this.eps > 0 && Number.isFinite(this.eps)))
      throw new RangeError(`${this.describe()}: eps must be > 0, got ${this.eps}`);
    this.gamma = newParam('gamma', [features], this.dtype);
    this.beta = newParam('beta', [features], this.dtype);
    this.runningMean = newParam('runningMean', [features], this.dtype);
    this.runningVar = newParam('runningVar', [features], this.dtype);
    const scratch = () => allocLike(this.gamma.value, features);
    this.mean = scratch();
    this.variance = scratch();
    this.invStd = scratch();
    this.dgamma = scratch();
    this.dbeta = scratch();
    this.resetParameters();
  }

  describe(): string {
    return `BatchNorm(${this.features})${this.relu ? '+ReLU' : ''}`;
  }

  override parameters(): Param[] {
    return [this.gamma, this.beta];
  }

  override buffers(): Param[] {
    return [this.runningMean, this.runningVar];
  }

  /** γ = 1, β = 0, running mean 0, running variance 1 (PyTorch reset_parameters + reset_running_stats). */
  override resetParameters(): void {
    this.gamma.value.fill(1);
    this.beta.value.fill(0);
    this.runningMean.value.fill(0);
    this.runningVar.value.fill(1);
  }

  forward(x: Tensor, opts?: ForwardOptions): Tensor {
    const S = this.spatialSize(x);
    const training = opts?.training ?? this.training;
    const N = x.rows,
      D = this.features,
      k = kernelsFor(x.data);
    const y = this.scratch.tensor('y', x.shape, this.dtype);
    if (training) {
      if (N * S < 2) {
        throw new RangeError(
          `${this.describe()}: training needs at least 2 samples (N·H·W values for images) per feature to estimate a ` +
            `variance, got input ${shapeString(x.shape)}; use eval() or a larger batch`,
        );
      }
      const g = this.gamma.value,
        b = this.beta.value;
      if (this.relu)
        k.batchNormReluForwardTrain(N, D, S, x.data, g, b, this.eps, y.data, this.mean, this.variance, this.invStd);
      else k.batchNormForwardTrain(N, D, S, x.data, g, b, this.eps, y.data, this.mean, this.variance, this.invStd);
      const m = this.momentum,
        unbiased = (N * S) / (N * S - 1),
        rm = this.runningMean.value,
        rv = this.runningVar.value;
      for (let c = 0; c < D; c++) {
        rm[c] = (1 - m) * rm[c] + m * this.mean[c];
        rv[c] = (1 - m) * rv[c] + m * this.variance[c] * unbiased;
      }
    } else {
      const g = this.gamma.value,
        b = this.beta.value,
        rm = this.runningMean.value,
        rv = this.runningVar.value;
      if (this.relu) k.batchNormReluForwardInfer(N, D, S, x.data, g, b, rm, rv, this.eps, y.data);
      else k.batchNormForwardInfer(N, D, S, x.data, g, b, rm, rv, this.eps, y.data);
      // backward in eval mode treats the running estimates as the statistics
      for (let c = 0; c < D; c++) {
        this.mean[c] = this.runningMean.value[c];
        this.invStd[c] = 1 / Math.sqrt(this.runningVar.value[c] + this.eps);
      }
    }
    this.trainedForward = training;
    this.x = x;
    this.y = y;
    return y;
  }

  backward(dy: Tensor): Tensor {
    checkGrad(this, dy, this.y);
    const x = this.x as Tensor,
      N = x.rows,
      D = this.features,
      S = x.cols / D;
    const dx = this.scratch.tensor('dx', x.shape, this.dtype);
    const k = kernelsFor(dy.data);
    if (this.trainedForward && this.relu) {
      k.batchNormReluBackward(
        N,
        D,
        S,
        x.data,
        (this.y as Tensor).data,
        dy.data,
        this.gamma.value,
        this.mean,
        this.invStd,
        dx.data,
        this.dgamma,
        this.dbeta,
      );
    } else if (this.trainedForward) {
      k.batchNormBackward(
        N,
        D,
        S,
        x.data,
        dy.data,
        this.gamma.value,
        this.mean,
        this.invStd,
        dx.data,
        this.dgamma,
        this.dbeta,
      );
    } else {
      this.evalBackward(N, D, S, x.data, dy.data, dx.data);
    }
    // γ.grad (+)= dγ, β.grad (+)= dβ: a copy when zeroed since (lazy-grad-param.ts)
    const add = (from: FloatArray) => (grad: FloatArray, overwrite: boolean) =>
      overwrite ? grad.set(from) : k.axpy(D, 1, from, grad);
    this.gamma.accumulateGrad(add(this.dgamma));
    this.beta.accumulateGrad(add(this.dbeta));
    return dx;
  }

  // Eval mode: y = γ·(x − μ_run)·s + β with s = 1/√(var_run + ε) fixed, so dx = dy·γ·s
  // (with relu: g = dy·1[y > 0] in place of dy). Fills dgamma/dbeta; x, dy, dx: [N, D, S].
  private evalBackward(N: number, D: number, S: number, xs: FloatArray, d: FloatArray, out: FloatArray): void {
    const g = this.gamma.value,
      mu = this.mean,
      s = this.invStd;
    const y = (this.y as Tensor).data,
      relu = this.relu;
    this.dgamma.fill(0);
    this.dbeta.fill(0);
    for (let i = 0; i < N; i++) {
      for (let c = 0; c < D; c++) {
        for (let j = 0, o = (i * D + c) * S; j < S; j++) {
          const gi = relu && !(y[o + j] > 0) ? 0 : d[o + j];
          this.dbeta[c] += gi;
          this.dgamma[c] += gi * (xs[o + j] - mu[c]) * s[c];
          out[o + j] = gi * g[c] * s[c];
        }
      }
    }
  }

  /** S: values per channel per sample (1 for [N, D], H·W for [N, D, H, W]). */
  private spatialSize(x: Tensor): number {
    checkInput(this, x, this.dtype);
    if (x.shape.length < 2 || x.shape[1] !== this.features) {
      throw new RangeError(
        `${this.describe()}: expected input [N, ${this.features}] or [N, ${this.features}, H, W], got ${shapeString(x.shape)}`,
      );
    }
    return x.cols / this.features;
  }

  config(): LayerConfig {
    return {
      type: 'BatchNorm',
      features: this.features,
      momentum: this.momentum,
      eps: this.eps,
      ...(this.relu ? { relu: true } : {}),
      dtype: this.dtype,
    };
  }
}
