// Search spaces: one distribution per hyperparameter, sampled with a seeded Rng.
//   logUniform(lo, hi)  x = exp(U(ln lo, ln hi))   learning rate, regularization: scale matters, not the digits
//   uniform(lo, hi)     x = U(lo, hi)              momentum, dropout
//   intRange(lo, hi)    x ∈ {lo, …, hi} uniformly  hidden units, depth
//   choice([...])       one of the values           activation, optimizer
// Bergstra & Bengio, "Random Search for Hyper-Parameter Optimization", JMLR 2012.
import type { Rng } from '../random';

export type Dimension =
  | { kind: 'log'; lo: number; hi: number }
  | { kind: 'uniform'; lo: number; hi: number }
  | { kind: 'int'; lo: number; hi: number }
  | { kind: 'choice'; values: readonly Value[] };

export type Value = number | string | boolean;
export type Space = Record<string, Dimension>;
export type Config = Record<string, Value>;

function checkRange(fn: string, lo: number, hi: number, positive: boolean): void {
  if (!Number.isFinite(lo) || !Number.isFinite(hi))
    throw new RangeError(`${fn}: lo and hi must be finite numbers, got ${lo}, ${hi}`);
  if (positive && !(lo > 0)) throw new RangeError(`${fn}: lo must be > 0 on a log scale, got ${lo}`);
  if (!(lo <= hi)) throw new RangeError(`${fn}: lo must be ≤ hi, got ${lo} > ${hi}`);
}

export function logUniform(lo: number, hi: number): Dimension {
  checkRange('logUniform', lo, hi, true);
  return { kind: 'log', lo, hi };
}

export function uniform(lo: number, hi: number): Dimension {
  checkRange('uniform', lo, hi, false);
  return { kind: 'uniform', lo, hi };
}

export function intRange(lo: number, hi: number): Dimension {
  checkRange('intRange', lo, hi, false);
  if (!Number.isInteger(lo) || !Number.isInteger(hi))
    throw new RangeError(`intRange: lo and hi must be whole numbers, got ${lo}, ${hi}`);
  return { kind: 'int', lo, hi };
}

export function choice(values: readonly Value[]): Dimension {
  if (!Array.isArray(values) || values.length === 0) throw new RangeError('choice: needs a non-empty array of values');
  for (const v of values) {
    if (!['number', 'string', 'boolean'].includes(typeof v))
      throw new TypeError(`choice: values must be numbers, strings or booleans, got ${JSON.stringify(v)}`);
  }
  return { kind: 'choice', values: [...values] };
}

/** A value of `dim` at position t ∈ [0, 1]: the inverse CDF, shared by random (t random) and grid (t on a lattice). */
export function valueAt(dim: Dimension, t: number): Value {
  switch (dim.kind) {
    case 'log':
      return Math.exp(Math.log(dim.lo) + t * (Math.log(dim.hi) - Math.log(dim.lo)));
    case 'uniform':
      return dim.lo + t * (dim.hi - dim.lo);
    case 'int':
      return Math.min(dim.hi, dim.lo + Math.floor(t * (dim.hi - dim.lo + 1)));
    case 'choice':
      return dim.values[Math.min(dim.values.length - 1, Math.floor(t * dim.values.length))];
  }
}

/** One configuration drawn from every dimension, in the space's key order (so a seed fixes it). */
export function sample(space: Space, rng: Rng): Config {
  const config: Config = {};
  for (const [name, dim] of Object.entries(space)) config[name] = valueAt(dim, rng.next());
  return config;
}

/** Where `value` sits in `dim` as t ∈ [0, 1] (log scale for log dimensions); NaN for a choice. */
export function positionOf(dim: Dimension, value: number): number {
  switch (dim.kind) {
    case 'log':
      return dim.hi === dim.lo ? 0 : (Math.log(value) - Math.log(dim.lo)) / (Math.log(dim.hi) - Math.log(dim.lo));
    case 'uniform':
    case 'int':
      return dim.hi === dim.lo ? 0 : (value - dim.lo) / (dim.hi - dim.lo);
    case 'choice':
      return NaN;
  }
}

const KINDS = '"log", "uniform", "int" or "choice"';

/**
 * The CLI's JSON form: `{"lr": ["log", 1e-4, 1], "momentum": ["uniform", 0.5, 0.99], "hidden": ["int", 32, 256],
 * "activation": ["choice", "relu", "tanh"]}`; a bare array of numbers (`[32, 64]`) is a choice, a bare value is
 * fixed. An array opening with a string must name a kind, so a typo ("exp") is an error, not a choice.
 */
export function parseSpace(json: string | Record<string, unknown>): Space {
  let raw: unknown = json;
  if (typeof json === 'string') {
    try {
      raw = JSON.parse(json);
    } catch (e) {
      throw new Error(`space: not valid JSON (${(e as Error).message})`);
    }
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new TypeError(
      'space: must be a JSON object of name → ["log", lo, hi] | ["uniform", lo, hi] | ["int", lo, hi] | ["choice", ...values]',
    );
  const space: Space = {};
  for (const [name, spec] of Object.entries(raw as Record<string, unknown>)) {
    if (!Array.isArray(spec)) {
      space[name] = choice([spec as Value]);
      continue;
    }
    const [kind, ...args] = spec;
    const where = `space.${name}`;
    const nums = () => {
      if (args.length !== 2 || !args.every((a) => typeof a === 'number'))
        throw new TypeError(`${where}: "${kind}" needs two numbers [lo, hi], got ${JSON.stringify(args)}`);
      return args as [number, number];
    };
    try {
      switch (kind) {
        case 'log':
          space[name] = logUniform(...nums());
          break;
        case 'uniform':
          space[name] = uniform(...nums());
          break;
        case 'int':
          space[name] = intRange(...nums());
          break;
        case 'choice':
          space[name] = choice(args as Value[]);
          break;
        default:
          if (typeof kind === 'string') throw new TypeError(`${where}: kind must be ${KINDS}, got "${kind}"`);
          space[name] = choice(spec as Value[]);
      }
    } catch (e) {
      const err = e as Error;
      const message = err.message.startsWith(where) ? err.message : `${where}: ${err.message}`;
      throw err instanceof TypeError ? new TypeError(message) : new RangeError(message);
    }
  }
  return space;
}

/** The JSON form back, for printing and for job payloads. */
export function formatSpace(space: Space): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const [name, d] of Object.entries(space))
    out[name] = d.kind === 'choice' ? ['choice', ...d.values] : [d.kind, d.lo, d.hi];
  return out;
}
