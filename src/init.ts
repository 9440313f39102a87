// Weight initialization policies (docs/design.md §4): pure functions of (shape, fanIn, fanOut, rng) returning fresh
// values in row-major order. fanIn = inputs per unit, fanOut = units fed; a Dense W [out, in] has fanIn = in,
// fanOut = out. Uniform variants draw from U(−a, a) with a = √3·std, the same variance as the normal form.
import type { Rng } from './random';

export type InitFn = (shape: readonly number[], fanIn: number, fanOut: number, rng: Rng) => Float64Array;

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** All zeros (biases; as weights every unit learns the same thing: symmetry is never broken). */
export const zeros: InitFn = (shape) => new Float64Array(size(shape));

/** Every value = c. */
export function constant(c: number): InitFn {
  return (shape) => new Float64Array(size(shape)).fill(c);
}

/** N(0, std²). */
export function normal(std: number): InitFn {
  return (shape, _in, _out, rng) => Float64Array.from({ length: size(shape) }, () => std * rng.normal());
}

/** U(lo, hi). */
export function uniform(lo: number, hi: number): InitFn {
  return (shape, _in, _out, rng) => Float64Array.from({ length: size(shape) }, () => rng.uniform(lo, hi));
}

/** Normal or uniform with std = f(fanIn, fanOut). */
function scaled(std: (fanIn: number, fanOut: number) => number, dist: 'normal' | 'uniform'): InitFn {
  return (shape, fanIn, fanOut, rng) => {
    const s = std(Math.max(1, fanIn), Math.max(1, fanOut));
    return dist === 'normal'
      ? normal(s)(shape, fanIn, fanOut, rng)
      : uniform(-Math.sqrt(3) * s, Math.sqrt(3) * s)(shape, fanIn, fanOut, rng);
  };
}

/** Small Gaussian, std 0.01: fine for small nets, activations and gradients vanish in deep ones (lecture). */
export const smallNormal: InitFn = normal(0.01);
/** Unit Gaussian, std 1: saturates tanh/sigmoid units (lecture). */
export const unitNormal: InitFn = normal(1);
/** Xavier, the lecture's form: std = 1/√fanIn (as LeCun). Glorot & Bengio 2010 simplified to fan-in. */
export const xavierNormal: InitFn = scaled((i) => 1 / Math.sqrt(i), 'normal');
export const xavierUniform: InitFn = scaled((i) => 1 / Math.sqrt(i), 'uniform');
/** Glorot & Bengio 2010: std = √(2/(fanIn + fanOut)); uniform bound √(6/(fanIn + fanOut)). */
export const glorotNormal: InitFn = scaled((i, o) => Math.sqrt(2 / (i + o)), 'normal');
export const glorotUniform: InitFn = scaled((i, o) => Math.sqrt(2 / (i + o)), 'uniform');
/** He et al. 2015 (ReLU halves the variance, so double it): std = √(2/fanIn); uniform bound √(6/fanIn). */
export const heNormal: InitFn = scaled((i) => Math.sqrt(2 / i), 'normal');
export const heUniform: InitFn = scaled((i) => Math.sqrt(2 / i), 'uniform');
/** LeCun et al. 1998 ("Efficient BackProp"): std = 1/√fanIn; uniform bound √(3/fanIn). */
export const lecunNormal: InitFn = scaled((i) => 1 / Math.sqrt(i), 'normal');
export const lecunUniform: InitFn = scaled((i) => 1 / Math.sqrt(i), 'uniform');

/** Saxe et al. 2014: a random orthogonal matrix (rows orthonormal when rows ≤ cols, else columns), times gain.
 *  Shape [rows, ...] is treated as [rows, cols = product of the rest]. Gram–Schmidt on a Gaussian matrix with the
 *  signs fixed as in QR with a positive R diagonal, so the result is Haar-distributed. */
export function orthogonal(gain = 1): InitFn {
  return (shape, _in, _out, rng) => {
    const rows = shape[0] ?? 1,
      cols = size(shape) / Math.max(1, rows);
    const tall = rows > cols; // orthonormalize the shorter side's vectors
    const k = tall ? cols : rows,
      len = tall ? rows : cols;
    const q: Float64Array[] = [];
    for (let v = 0; v < k; v++) {
      const a = Float64Array.from({ length: len }, () => rng.normal());
      for (let pass = 0; pass < 2; pass++) {
        // modified Gram–Schmidt, twice for stability
        for (const u of q) {
          let dot = 0;
          for (let i = 0; i < len; i++) dot += a[i] * u[i];
          for (let i = 0; i < len; i++) a[i] -= dot * u[i];
        }
      }
      let norm = 0;
      for (let i = 0; i < len; i++) norm += a[i] * a[i];
      norm = Math.sqrt(norm);
      for (let i = 0; i < len; i++) a[i] /= norm;
      q.push(a);
    }
    const out = new Float64Array(rows * cols);
    for (let v = 0; v < k; v++) {
      for (let i = 0; i < len; i++) {
        if (tall) out[i * cols + v] = gain * q[v][i];
        else out[v * cols + i] = gain * q[v][i];
      }
    }
    return out;
  };
}

/** The names the CLI and `init:` options accept. */
export const INITS = {
  zeros,
  'small-normal': smallNormal,
  'unit-normal': unitNormal,
  xavier: xavierNormal,
  'xavier-uniform': xavierUniform,
  glorot: glorotNormal,
  'glorot-uniform': glorotUniform,
  he: heNormal,
  'he-uniform': heUniform,
  lecun: lecunNormal,
  'lecun-uniform': lecunUniform,
  orthogonal: orthogonal(1),
} as const satisfies Record<string, InitFn>;

export type InitName = keyof typeof INITS;
export const INIT_NAMES = Object.keys(INITS) as InitName[];

/** The policy with this name; a wrong name lists the valid ones. */
export function initFromName(name: string): InitFn {
  if (!Object.prototype.hasOwnProperty.call(INITS, name)) {
    throw new Error(`unknown init ${JSON.stringify(name)}; valid: ${INIT_NAMES.join(', ')}`);
  }
  return INITS[name as InitName];
}

/** A name or a function → the function. */
export function resolveInit(init: InitName | InitFn | string, where: string): InitFn {
  if (typeof init === 'function') return init;
  if (typeof init !== 'string')
    throw new TypeError(`${where}: init must be a name (${INIT_NAMES.join(', ')}) or a function`);
  try {
    return initFromName(init);
  } catch (e) {
    throw new Error(`${where}: ${(e as Error).message}`);
  }
}
