// Learned embeddings of categorical columns beside dense features (PyTorch nn.Embedding per column, concatenated
// after the dense part, as fastai's TabularModel does):
//   x [N, D + K]: columns 0..D−1 dense features, column D + k the index of column k's category (a whole number
//   in [0, cardinality_k), stored as a float)
//   y [N, D + Σ d_k] = [ x[:, :D] | E_0[x[:, D]] | … | E_{K−1}[x[:, D+K−1]] ],   E_k [cardinality_k, d_k]
//   backward: dx[:, :D] = dy[:, :D], dx[:, D:] = 0 (indices have no gradient), dE_k[idx] += dy[:, its slice]
// The work is row copies (a gather and a scatter-add), not arithmetic, so it is plain loops here rather than a
// backend kernel. Init: N(0, 1), as nn.Embedding. An index that is not a whole number in range is a RangeError
// naming the row and column (never a NaN or an out-of-bounds read).
import { normal } from '../init';
import { Rng } from '../random';
import type { DType } from '../tensor';
import { Tensor } from '../tensor';
import { Scratch } from './scratch';
import { nextDefaultSeed } from './default-seed';
import { checkCount, checkDType, checkGrad, checkInput } from './input-checks';
import type { ForwardOptions, LayerConfig, Param } from './layer';
import { Layer } from './layer';
import { newParam } from './param';

export interface CategoryEmbeddingOptions {
  seed?: number;
  dtype?: DType;
}

export class CategoryEmbedding extends Layer {
  readonly dtype: DType;
  readonly tables: Param[];
  /** Input width D + K (what a model's input width is read from). */
  readonly inFeatures: number;
  readonly outFeatures: number;
  private readonly scratch = new Scratch();
  private x: Tensor | undefined;
  private y: Tensor | undefined;

  constructor(
    readonly denseFeatures: number,
    readonly cardinalities: readonly number[],
    readonly dims: readonly number[],
    opts: CategoryEmbeddingOptions = {},
  ) {
    super();
    checkCount('CategoryEmbedding', 'denseFeatures', denseFeatures, 0);
    if (!Array.isArray(cardinalities) || cardinalities.length === 0 || cardinalities.length !== dims?.length)
      throw new RangeError('CategoryEmbedding: cardinalities and dims must be non-empty arrays of the same length');
    cardinalities.forEach((c, k) => checkCount('CategoryEmbedding', `cardinalities[${k}]`, c));
    dims.forEach((d, k) => checkCount('CategoryEmbedding', `dims[${k}]`, d));
    this.dtype = checkDType(this.describe(), opts.dtype);
    this.inFeatures = denseFeatures + cardinalities.length;
    this.outFeatures = denseFeatures + dims.reduce((a, b) => a + b, 0);
    this.tables = cardinalities.map((c, k) => newParam(`embedding${k}`, [c, dims[k]], this.dtype));
    this.resetParameters(new Rng(opts.seed ?? nextDefaultSeed()));
  }

  describe(): string {
    return `CategoryEmbedding(${this.denseFeatures} + [${this.cardinalities.map((c, k) => `${c}→${this.dims[k]}`).join(', ')}])`;
  }

  override parameters(): Param[] {
    return this.tables;
  }

  override resetParameters(rng: Rng): void {
    for (const t of this.tables) t.value.set(normal(1)(t.shape, t.shape[0], t.shape[1], rng));
  }

  forward(x: Tensor, _opts?: ForwardOptions): Tensor {
    checkInput(this, x, this.dtype, this.inFeatures);
    const N = x.rows,
      D = this.denseFeatures,
      I = this.inFeatures,
      O = this.outFeatures;
    const y = this.scratch.tensor('y', [N, O], this.dtype);
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < D; j++) y.data[i * O + j] = x.data[i * I + j];
      let off = D;
      this.tables.forEach((t, k) => {
        const d = this.dims[k];
        const row = this.index(x, i, k);
        y.data.set(t.value.subarray(row * d, row * d + d), i * O + off);
        off += d;
      });
    }
    this.x = x;
    this.y = y;
    return y;
  }

  backward(dy: Tensor): Tensor {
    this.backwardParams(dy);
    const x = this.x as Tensor,
      N = x.rows,
      D = this.denseFeatures,
      I = this.inFeatures,
      O = this.outFeatures;
    const dx = this.scratch.tensor('dx', x.shape, this.dtype);
    dx.data.fill(0);
    for (let i = 0; i < N; i++) for (let j = 0; j < D; j++) dx.data[i * I + j] = dy.data[i * O + j];
    return dx;
  }

  /** dE_k[idx_ik] += dy[i, slice k] */
  override backwardParams(dy: Tensor): void {
    checkGrad(this, dy, this.y);
    const x = this.x as Tensor,
      O = this.outFeatures;
    for (let i = 0; i < x.rows; i++) {
      let off = this.denseFeatures;
      this.tables.forEach((t, k) => {
        const d = this.dims[k];
        const row = this.index(x, i, k);
        for (let j = 0; j < d; j++) t.grad[row * d + j] += dy.data[i * O + off + j];
        off += d;
      });
    }
  }

  config(): LayerConfig {
    return {
      type: 'CategoryEmbedding',
      denseFeatures: this.denseFeatures,
      cardinalities: [...this.cardinalities],
      dims: [...this.dims],
      dtype: this.dtype,
    };
  }

  private index(x: Tensor, i: number, k: number): number {
    const v = x.data[i * this.inFeatures + this.denseFeatures + k];
    if (!Number.isInteger(v) || v < 0 || v >= this.cardinalities[k])
      throw new RangeError(
        `${this.describe()}: row ${i}, column ${this.denseFeatures + k} is ${v}; expected a category index in [0, ${this.cardinalities[k]})`,
      );
    return v;
  }
}
