// Tensor: a row-major view of a flat Float32Array (or Float64Array, for gradient checks) with a shape.
// No autograd: layers compute their own backward. Views share memory (`reshape`, `rows`), copies are explicit.
import type { FloatArray } from './backend/types';

export type DType = 'float32' | 'float64';

export class Tensor {
  readonly data: FloatArray;
  readonly shape: readonly number[];

  constructor(data: FloatArray, shape: readonly number[]) {
    if (!(data instanceof Float32Array || data instanceof Float64Array)) {
      throw new TypeError(`Tensor: data must be a Float32Array or Float64Array, got ${describe(data)}`);
    }
    for (const d of shape) {
      if (!Number.isInteger(d) || d < 0)
        throw new RangeError(`Tensor: shape [${shape.join(', ')}] must hold whole numbers ≥ 0`);
    }
    const size = shape.reduce((a, b) => a * b, 1);
    if (size !== data.length) {
      throw new RangeError(`Tensor: shape [${shape.join(', ')}] needs ${size} values, data has ${data.length}`);
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
  }

  static zeros(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    const size = shape.reduce((a, b) => a * b, 1);
    return new Tensor(dtype === 'float64' ? new Float64Array(size) : new Float32Array(size), shape);
  }

  static from(values: ArrayLike<number>, shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return new Tensor(dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values), shape);
  }

  get dtype(): DType {
    return this.data instanceof Float64Array ? 'float64' : 'float32';
  }

  get size(): number {
    return this.data.length;
  }

  /** First dimension: the batch size N. */
  get rows(): number {
    return this.shape[0] ?? 1;
  }

  /** Product of all but the first dimension: features per sample. */
  get cols(): number {
    return this.shape.length === 0 ? 1 : this.shape.slice(1).reduce((a, b) => a * b, 1);
  }

  /** Same memory, another shape of the same size. */
  reshape(shape: readonly number[]): Tensor {
    return new Tensor(this.data, shape);
  }

  /** Rows [start, end) as a view sharing memory (no copy). */
  sliceRows(start: number, end: number): Tensor {
    const c = this.cols;
    return new Tensor(this.data.subarray(start * c, end * c), [end - start, ...this.shape.slice(1)]);
  }

  clone(): Tensor {
    return new Tensor(this.data.slice(), this.shape);
  }

  /** A copy in the given precision. */
  to(dtype: DType): Tensor {
    return new Tensor(dtype === 'float64' ? Float64Array.from(this.data) : Float32Array.from(this.data), this.shape);
  }
}

/** A new zeroed array of the same precision as `like`. */
export function allocLike(like: FloatArray, size: number): FloatArray {
  return like instanceof Float64Array ? new Float64Array(size) : new Float32Array(size);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (ArrayBuffer.isView(v)) return v.constructor.name;
  return Array.isArray(v) ? 'Array' : typeof v;
}
