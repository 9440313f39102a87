// Preprocessing fitted on training data only, then applied unchanged to validation/test data and saved with the
// model (toJSON / preprocessorFromJSON). x [N, D]; for images D = C·H·W with sampleShape [C, H, W].
//   center:      x − μ,            μ one global mean, a mean per feature, or a mean per channel (over H·W)
//   standardize: (x − μ) / σ,      same three groupings; σ = population std, a σ below 1e-8 counts as 1
//   pca:         (x − μ_feature)·U_k, U_k the top-k eigenvectors of the covariance; with whiten: / sqrt(λ + ε)
// PCA and whitening are rarely used for images: the notes (CS231n) recommend only centering (and perhaps
// per-channel scaling) for convolutional / image data; whitening amplifies pixel noise. They are here for
// tabular data.
// fit is written once as steps (fitSteps, a generator yielding between blocks of rows: src/time-slice.ts), so fit
// can prepare 60 000 images without blocking the event loop; fit() runs the same steps at once.
import { Tensor } from '../tensor';
import { blockRows, drainSync } from '../time-slice';

export type Grouping = 'global' | 'feature' | 'channel';

export interface Preprocessor {
  readonly kind: string;
  fit(x: Tensor, sampleShape?: readonly number[]): this;
  /** fit as steps that yield between blocks of rows (optional: without it, fit runs in one step). */
  fitSteps?(x: Tensor, sampleShape?: readonly number[]): Generator<void, void>;
  /** Row-wise: output row i depends only on input row i (so it can run over blocks of rows). */
  transform(x: Tensor): Tensor;
  toJSON(): PreprocessorJSON;
}

export type PreprocessorJSON =
  | { kind: 'standardize'; grouping: Grouping; scale: boolean; dims: number; mean: number[]; std: number[] }
  | {
      kind: 'pca';
      dims: number;
      k: number;
      whiten: boolean;
      eps: number;
      mean: number[];
      components: number[];
      eigenvalues: number[];
    }
  | { kind: 'pipeline'; steps: PreprocessorJSON[] };

/** Centering (scale = false) or standardization (scale = true) with one of three groupings. */
export class Standardize implements Preprocessor {
  readonly kind = 'standardize';
  private dims = 0;
  private groupOf: (j: number) => number = () => 0;
  private mean: Float64Array = new Float64Array(0);
  private std: Float64Array = new Float64Array(0);
  private sampleShape: number[] | undefined;

  constructor(
    readonly grouping: Grouping = 'feature',
    readonly scale = true,
  ) {
    if (!['global', 'feature', 'channel'].includes(grouping)) {
      throw new Error(
        `Standardize: grouping must be 'global', 'feature' or 'channel', got ${JSON.stringify(grouping)}`,
      );
    }
  }

  fit(x: Tensor, sampleShape?: readonly number[]): this {
    drainSync(this.fitSteps(x, sampleShape));
    return this;
  }

  /** Column sums, then squared deviations from the group means, in blocks of rows; the statistics are replaced
   *  only at the end (a transform meanwhile uses the previous ones). */
  *fitSteps(x: Tensor, sampleShape?: readonly number[]): Generator<void, void> {
    const n = x.rows;
    const d = x.cols;
    if (n === 0) throw new RangeError(`${this.kind}: cannot fit on 0 rows`);
    const layout = groupLayout(
      this.kind,
      this.grouping,
      d,
      sampleShape ?? (x.shape.length === 4 ? x.shape.slice(1) : undefined),
    );
    const colSum = yield* columnSums(x);
    const sum = new Float64Array(layout.groups);
    const count = new Float64Array(layout.groups);
    for (let j = 0; j < d; j++) {
      sum[layout.groupOf(j)] += colSum[j];
      count[layout.groupOf(j)] += n;
    }
    const mean = sum.map((v, g) => v / count[g]);
    const colSq = yield* columnSums(
      x,
      Float64Array.from({ length: d }, (_, j) => mean[layout.groupOf(j)]),
    );
    const sq = new Float64Array(layout.groups);
    for (let j = 0; j < d; j++) sq[layout.groupOf(j)] += colSq[j];
    this.dims = d;
    this.groupOf = layout.groupOf;
    this.sampleShape = layout.sampleShape;
    this.mean = mean;
    this.std = sq.map((v, g) => (Math.sqrt(v / count[g]) < 1e-8 ? 1 : Math.sqrt(v / count[g])));
  }

  transform(x: Tensor): Tensor {
    if (this.dims === 0) throw new Error(`${this.kind}: transform before fit (fit on the training data first)`);
    if (x.cols !== this.dims) throw new RangeError(`${this.kind}: fitted on ${this.dims} features, got ${x.cols}`);
    const out = new Float32Array(x.size);
    const d = this.dims;
    const mean = new Float64Array(d);
    const inv = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      const g = this.groupOf(j);
      mean[j] = this.mean[g];
      inv[j] = this.scale ? 1 / this.std[g] : 1;
    }
    const xs = x.data;
    for (let i = 0; i < x.rows; i++) for (let j = 0, o = i * d; j < d; j++) out[o + j] = (xs[o + j] - mean[j]) * inv[j];
    return new Tensor(out, x.shape);
  }

  toJSON(): PreprocessorJSON {
    return {
      kind: 'standardize',
      grouping: this.grouping,
      scale: this.scale,
      dims: this.dims,
      mean: [...this.mean],
      std: [...this.std],
      ...(this.sampleShape ? { sampleShape: this.sampleShape } : {}),
    };
  }

  static fromJSON(j: Extract<PreprocessorJSON, { kind: 'standardize' }> & { sampleShape?: number[] }): Standardize {
    const s = new Standardize(j.grouping, j.scale);
    const layout = groupLayout(s.kind, j.grouping, j.dims, j.sampleShape);
    if (j.mean.length !== layout.groups || j.std.length !== layout.groups) {
      throw new Error(`standardize: saved statistics have ${j.mean.length} means, expected ${layout.groups}`);
    }
    s.groupOf = layout.groupOf;
    s.sampleShape = layout.sampleShape;
    s.dims = j.dims;
    s.mean = Float64Array.from(j.mean);
    s.std = Float64Array.from(j.std);
    return s;
  }
}

/** Which statistics group feature j falls in: all one group, one per feature, or one per channel of [C, H, W]. */
function groupLayout(kind: string, grouping: Grouping, d: number, sampleShape?: readonly number[]) {
  if (grouping === 'feature') return { groups: d, groupOf: (j: number) => j, sampleShape: undefined };
  if (grouping === 'global') return { groups: 1, groupOf: () => 0, sampleShape: undefined };
  if (!sampleShape || sampleShape.length !== 3 || sampleShape[0] * sampleShape[1] * sampleShape[2] !== d) {
    throw new Error(
      `${kind}: per-channel statistics need sampleShape [C, H, W] with C·H·W = ${d}, got ${sampleShape ? `[${sampleShape.join(', ')}]` : 'none'}`,
    );
  }
  const hw = sampleShape[1] * sampleShape[2];
  return { groups: sampleShape[0], groupOf: (j: number) => Math.floor(j / hw), sampleShape: [...sampleShape] };
}

/** Per column j: Σ_i x[i, j], or with `center`: Σ_i (x[i, j] − center[j])²; float64, yielding between blocks. */
function* columnSums(x: Tensor, center?: Float64Array): Generator<void, Float64Array> {
  const n = x.rows,
    d = x.cols,
    data = x.data,
    block = blockRows(d);
  const out = new Float64Array(d);
  for (let start = 0; start < n; start += block) {
    const end = Math.min(start + block, n);
    if (center)
      for (let i = start; i < end; i++)
        for (let j = 0, o = i * d; j < d; j++) {
          const t = data[o + j] - center[j];
          out[j] += t * t;
        }
    else for (let i = start; i < end; i++) for (let j = 0, o = i * d; j < d; j++) out[j] += data[o + j];
    yield;
  }
  return out;
}

/** x − mean (one global mean, per feature, or per channel). */
export function center(grouping: Grouping = 'feature'): Standardize {
  return new Standardize(grouping, false);
}

export function standardize(grouping: Grouping = 'feature'): Standardize {
  return new Standardize(grouping, true);
}

/** Projection on the top-k principal components; whitening divides each by sqrt(eigenvalue + eps). */
export class PCA implements Preprocessor {
  readonly kind = 'pca';
  private dims = 0;
  private mean = new Float64Array(0);
  /** U_k stored [k, D]: row c is component c (unit length, by decreasing eigenvalue). */
  private components = new Float64Array(0);
  private eigenvalues = new Float64Array(0);

  constructor(
    readonly k: number,
    readonly whiten = false,
    readonly eps = 1e-5,
  ) {
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`PCA: k must be a whole number ≥ 1, got ${k}`);
  }

  fit(x: Tensor): this {
    drainSync(this.fitSteps(x));
    return this;
  }

  /** Mean, covariance (in blocks of rows), eigen-decomposition (a yield per Jacobi row); replaced at the end. */
  *fitSteps(x: Tensor): Generator<void, void> {
    const n = x.rows;
    const d = x.cols;
    if (this.k > d) throw new RangeError(`PCA: k = ${this.k} exceeds the ${d} features`);
    if (n < 2) throw new RangeError('PCA: needs at least 2 rows to fit');
    const mean = (yield* columnSums(x)).map((v) => v / n);
    // covariance C = (1/n) Σ (x − μ)ᵀ(x − μ), D×D, float64
    const cov = new Float64Array(d * d);
    const row = new Float64Array(d);
    const block = blockRows((d * d) / 2);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) row[j] = x.data[i * d + j] - mean[j];
      for (let a = 0; a < d; a++) {
        const ra = row[a];
        if (ra === 0) continue;
        for (let b = a; b < d; b++) cov[a * d + b] += ra * row[b];
      }
      if ((i + 1) % block === 0) yield;
    }
    for (let a = 0; a < d; a++)
      for (let b = a; b < d; b++) {
        cov[a * d + b] /= n;
        cov[b * d + a] = cov[a * d + b];
      }
    const { values, vectors } = yield* symmetricEigenSteps(cov, d);
    const order = [...values.keys()].sort((p, q) => values[q] - values[p]).slice(0, this.k);
    this.dims = d;
    this.mean = mean;
    this.eigenvalues = Float64Array.from(order, (o) => Math.max(values[o], 0));
    this.components = new Float64Array(this.k * d);
    order.forEach((o, c) => {
      for (let j = 0; j < d; j++) this.components[c * d + j] = vectors[j * d + o];
    });
  }

  transform(x: Tensor): Tensor {
    if (this.dims === 0) throw new Error('pca: transform before fit (fit on the training data first)');
    if (x.cols !== this.dims) throw new RangeError(`pca: fitted on ${this.dims} features, got ${x.cols}`);
    const d = this.dims;
    const out = new Float32Array(x.rows * this.k);
    const row = new Float64Array(d);
    for (let i = 0; i < x.rows; i++) {
      for (let j = 0; j < d; j++) row[j] = x.data[i * d + j] - this.mean[j];
      for (let c = 0; c < this.k; c++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += row[j] * this.components[c * d + j];
        out[i * this.k + c] = this.whiten ? s / Math.sqrt(this.eigenvalues[c] + this.eps) : s;
      }
    }
    return new Tensor(out, [x.rows, this.k]);
  }

  /** Variance along each kept component, largest first. */
  explainedVariance(): number[] {
    return [...this.eigenvalues];
  }

  toJSON(): PreprocessorJSON {
    return {
      kind: 'pca',
      dims: this.dims,
      k: this.k,
      whiten: this.whiten,
      eps: this.eps,
      mean: [...this.mean],
      components: [...this.components],
      eigenvalues: [...this.eigenvalues],
    };
  }

  static fromJSON(j: Extract<PreprocessorJSON, { kind: 'pca' }>): PCA {
    const p = new PCA(j.k, j.whiten, j.eps);
    if (j.mean.length !== j.dims || j.components.length !== j.k * j.dims || j.eigenvalues.length !== j.k) {
      throw new Error(`pca: saved state does not match k = ${j.k}, dims = ${j.dims}`);
    }
    p.dims = j.dims;
    p.mean = Float64Array.from(j.mean);
    p.components = Float64Array.from(j.components);
    p.eigenvalues = Float64Array.from(j.eigenvalues);
    return p;
  }
}

/** Steps applied in order; each is fitted on the output of the previous one. */
export class Pipeline implements Preprocessor {
  readonly kind = 'pipeline';
  constructor(readonly steps: Preprocessor[]) {}

  fit(x: Tensor, sampleShape?: readonly number[]): this {
    drainSync(this.fitSteps(x, sampleShape));
    return this;
  }

  *fitSteps(x: Tensor, sampleShape?: readonly number[]): Generator<void, void> {
    let cur = x;
    let shape = sampleShape;
    for (const s of this.steps) {
      yield* fitPreprocessorSteps(s, cur, shape);
      cur = yield* transformSteps(s, cur);
      if (s.kind === 'pca') shape = undefined;
    }
  }

  transform(x: Tensor): Tensor {
    return this.steps.reduce((cur, s) => s.transform(cur), x);
  }

  toJSON(): PreprocessorJSON {
    return { kind: 'pipeline', steps: this.steps.map((s) => s.toJSON()) };
  }
}

/** p.fit as steps: the preprocessor's own fitSteps when it has one, else its fit in one step. */
export function* fitPreprocessorSteps(
  p: Preprocessor,
  x: Tensor,
  sampleShape?: readonly number[],
): Generator<void, void> {
  if (p.fitSteps) yield* p.fitSteps(x, sampleShape);
  else p.fit(x, sampleShape);
}

/** p.transform(x) over blocks of rows (transform is row-wise) into one float32 tensor; without p, x as float32
 *  (x itself when it already is). */
export function* transformSteps(p: Preprocessor | undefined, x: Tensor): Generator<void, Tensor> {
  if (!p && x.data instanceof Float32Array) return x;
  if (x.rows === 0) return p ? p.transform(x) : x.to('float32');
  const block = blockRows(x.cols);
  let out: Tensor | undefined;
  for (let start = 0; start < x.rows; start += block) {
    const end = Math.min(start + block, x.rows);
    const part = p ? p.transform(x.sliceRows(start, end)) : x.sliceRows(start, end);
    out ??= Tensor.zeros([x.rows, ...part.shape.slice(1)]);
    out.data.set(part.data, start * out.cols);
    yield;
  }
  return out as Tensor;
}

/** Rebuilds a fitted preprocessor from toJSON() output (as stored in a model file). */
export function preprocessorFromJSON(j: PreprocessorJSON): Preprocessor {
  switch (j?.kind) {
    case 'standardize':
      return Standardize.fromJSON(j);
    case 'pca':
      return PCA.fromJSON(j);
    case 'pipeline':
      return new Pipeline(j.steps.map(preprocessorFromJSON));
    default:
      throw new Error(
        `preprocessing: unknown kind ${JSON.stringify((j as { kind?: unknown })?.kind)} (expected standardize, pca or pipeline)`,
      );
  }
}

/** Eigen-decomposition of a symmetric D×D matrix (row-major, float64) by cyclic Jacobi rotations.
 *  Returns eigenvalues and eigenvectors as columns of `vectors` [D, D]. Golub & Van Loan §8.5. */
export function symmetricEigen(matrix: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  return drainSync(symmetricEigenSteps(matrix, d));
}

/** symmetricEigen as steps: a yield after each row p of a sweep (~3·D² multiply-adds). */
function* symmetricEigenSteps(
  matrix: Float64Array,
  d: number,
): Generator<void, { values: Float64Array; vectors: Float64Array }> {
  const a = matrix.slice();
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let p = 0; p < d; p++)
      for (let q = 0; q < d; q++) {
        const t = a[p * d + q] * a[p * d + q];
        total += t;
        if (p !== q) off += t;
      }
    if (off <= 1e-22 * total || off === 0) break;
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (Math.abs(apq) < 1e-300) continue;
        // rotation angle that zeroes a[p][q]: tan 2θ = 2 a_pq / (a_qq − a_pp)
        const theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          // A ← A·J (columns p, q)
          const akp = a[k * d + p],
            akq = a[k * d + q];
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          // A ← Jᵀ·A (rows p, q)
          const apk = a[p * d + k],
            aqk = a[q * d + k];
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          // V ← V·J
          const vkp = v[k * d + p],
            vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
      yield;
    }
  }
  const values = new Float64Array(d);
  for (let i = 0; i < d; i++) values[i] = a[i * d + i];
  return { values, vectors: v };
}
