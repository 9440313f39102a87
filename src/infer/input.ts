// What predict accepts, turned into float32 rows [N, features] with a clear error for bad input:
//   Tensor [N, features] (or [N, ...] whose trailing sizes multiply to features), Float32Array / Float64Array of
//   N·features values, an array of rows (number arrays or typed arrays), or one row as a number array.
// Every value must be a finite number; an error names the row and column (and `what`, e.g. "predict").
import { transformSteps, type Preprocessor, type PreprocessorJSON } from '../data/preprocess';
import { drain, drainSync } from '../time-slice';
import { kernelsFor } from '../backend';
import { Tensor } from '../tensor';
import { rawInputText, widthError } from './width-error';

export type PredictInput = Tensor | Float32Array | Float64Array | ArrayLike<number> | ArrayLike<ArrayLike<number>>;

export interface Rows {
  data: Float32Array;
  rows: number;
}

/** x as float32 rows of `features` values; `takes` names what takes them (width-error.ts) in a width error. */
export function toRows(x: PredictInput, features: number, what: string, takes?: string): Rows {
  if (x instanceof Tensor) {
    const cols = x.shape.length < 2 ? -1 : x.data.length / Math.max(1, x.shape[0]);
    if (x.shape.length < 2 || (x.shape[0] > 0 && cols !== features))
      throw widthError(what, features, `got a Tensor [${x.shape.join(', ')}]`, takes);
    return checked(x.data, x.shape[0], features, what);
  }
  if (x instanceof Float32Array || x instanceof Float64Array) {
    if (x.length % features !== 0)
      throw widthError(what, features, `got ${x.length} values, not a whole number of rows`, takes);
    return checked(x, x.length / features, features, what);
  }
  if (!isArrayLike(x)) throw new TypeError(`${what}: input must be a Tensor, a Float32Array or an array of rows`);
  if (x.length > 0 && !isArrayLike(x[0])) return fromRows([x as ArrayLike<number>], features, what, takes);
  return fromRows(x as ArrayLike<ArrayLike<number>>, features, what, takes);
}

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || ArrayBuffer.isView(v);
}

function checked(data: Float32Array | Float64Array, rows: number, features: number, what: string): Rows {
  const bad = kernelsFor(data).firstNonFinite(rows * features, data);
  if (bad >= 0) throw badValue(what, Math.floor(bad / features), bad % features, data[bad]);
  const f32 = data instanceof Float32Array ? data.subarray(0, rows * features) : Float32Array.from(data);
  return { data: f32, rows };
}

function fromRows(rows: ArrayLike<ArrayLike<number>>, features: number, what: string, takes?: string): Rows {
  const data = new Float32Array(rows.length * features);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (!isArrayLike(row)) throw new TypeError(`${what}: row ${r} must be an array of ${features} numbers`);
    if (row.length !== features) throw widthError(what, features, `got ${row.length} in row ${r}`, takes);
    for (let c = 0; c < features; c++) {
      const v = row[c];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw badValue(what, r, c, v);
      data[r * features + c] = v;
    }
  }
  return { data, rows: rows.length };
}

function badValue(what: string, row: number, col: number, v: unknown): RangeError | TypeError {
  const got = typeof v === 'number' ? String(v) : typeof v === 'string' ? `the string ${JSON.stringify(v)}` : typeof v;
  const E = typeof v === 'number' ? RangeError : TypeError;
  return new E(`${what}: row ${row}, column ${col}: expected a finite number, got ${got}`);
}

/** The rows a model takes: toRows at the raw width (the preprocessing's input width when there is one), then the
 *  model's preprocessing applied (at once for predictSync; in time slices for the async predict). */
export function preparedRows(x: PredictInput, width: RawWidth, what: string): Rows {
  const r = toRows(x, width.raw, what, width.takes);
  return width.preprocessing ? rowsOf(drainSync(transformSteps(width.preprocessing, tensorOf(r, width)))) : r;
}

export async function preparedRowsAsync(x: PredictInput, width: RawWidth, what: string): Promise<Rows> {
  const r = toRows(x, width.raw, what, width.takes);
  return width.preprocessing ? rowsOf(await drain(transformSteps(width.preprocessing, tensorOf(r, width)))) : r;
}

const tensorOf = (r: Rows, width: RawWidth) => new Tensor(r.data, [r.rows, width.raw]);
const rowsOf = (t: Tensor): Rows => ({ data: t.data as Float32Array, rows: t.rows });

export interface RawWidth {
  raw: number;
  preprocessing: Preprocessor | undefined;
  /** What takes the raw rows, for width errors: "Dense(784→512)" or "pca 784→50, then Dense(50→10)". */
  takes?: string;
}

/** The raw rows' width: the preprocessing's input width when there is one, else the model's; `layerText` names
 *  the model's input layer (width-error.ts inputLayerText). */
export function rawWidth(modelWidth: number, preprocessing: Preprocessor | undefined, layerText?: string): RawWidth {
  const raw = (preprocessing && inputDims(preprocessing.toJSON())) ?? modelWidth;
  return { raw, preprocessing, takes: rawInputText(layerText, raw, modelWidth, preprocessing) };
}

function inputDims(j: PreprocessorJSON): number | undefined {
  return j.kind === 'pipeline' ? (j.steps.length > 0 ? inputDims(j.steps[0]) : undefined) : j.dims;
}
