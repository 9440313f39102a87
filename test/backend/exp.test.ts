// The native kernels' vectorized exp (native/simd/exp_f32.inl) against Math.exp: a dense grid over its whole range,
// the edges (±88, the overflow and underflow thresholds, beyond them), ±inf, ±0 and NaN. The stated bound: relative
// error ≤ 1e-7 wherever e^x is a normal float, ≤ one subnormal step (2^-149) below that. Native only (the JS
// backend uses Math.exp itself); under `npm test` it runs again for each NNKIT_SIMD cap, so every variant is held to it.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNative } from '../../src/backend/native';

const MAX_REL = 1e-7;
const SUBNORMAL_STEP = 2 ** -149;
const MIN_NORMAL = 2 ** -126;
const LN_FLT_MAX = 88.72283935546875; // the largest float x with e^x < FLT_MAX rounds here

type ExpF32 = (x: Float32Array, y: Float32Array) => void;
const load = loadNative();
const addon = load.error
  ? undefined
  : (require('node-gyp-build')(path.join(__dirname, '..', '..')) as { expF32: ExpF32; info(): { simd: string } });
const suite = addon ? describe : describe.skip;

function exp32(xs: ArrayLike<number>): Float32Array {
  const x = Float32Array.from(xs),
    y = new Float32Array(x.length);
  addon!.expF32(x, y);
  return y;
}

/** Worst error over x, with the float32 input as the exact argument of the float64 reference. */
function worst(x: Float32Array, y: Float32Array) {
  let rel = 0,
    relAt = NaN,
    abs = 0;
  for (let i = 0; i < x.length; i++) {
    const want = Math.exp(x[i]);
    if (want > 3.4028234663852886e38) {
      if (y[i] !== Infinity) return { rel: Infinity, relAt: x[i], abs };
      continue;
    }
    const err = Math.abs(y[i] - want);
    if (want >= MIN_NORMAL) {
      if (!(err / want <= rel)) {
        rel = err / want;
        relAt = x[i];
      }
    } else if (!(err <= abs)) abs = err;
  }
  return { rel, relAt, abs };
}

suite(`vectorized exp [native ${addon?.info().simd ?? ''}]`, () => {
  it(`relative error ≤ ${MAX_REL} over a dense grid of [-104, 89] (step 2^-9) and [-1, 1] (step 2^-14)`, () => {
    const xs: number[] = [];
    for (let v = -104; v <= 89; v += 2 ** -9) xs.push(v);
    for (let v = -1; v <= 1; v += 2 ** -14) xs.push(v);
    const x = Float32Array.from(xs),
      w = worst(x, exp32(x));
    expect(w.rel, `worst at x = ${w.relAt}`).toBeLessThanOrEqual(MAX_REL);
    expect(w.abs).toBeLessThanOrEqual(SUBNORMAL_STEP);
  });

  it('is right at the edges: ±88, the overflow and underflow thresholds, and beyond', () => {
    const x = Float32Array.from([88, -88, 88.5, 88.7, LN_FLT_MAX, -87.33654, -100, -103.27893, -103.97208]);
    const w = worst(x, exp32(x));
    expect(w.rel, `worst at x = ${w.relAt}`).toBeLessThanOrEqual(MAX_REL);
    expect(w.abs).toBeLessThanOrEqual(SUBNORMAL_STEP);
    const over = exp32([88.7229, 88.75, 89, 100, 1000, 3.4e38]);
    expect(Array.from(over)).toEqual([Infinity, Infinity, Infinity, Infinity, Infinity, Infinity]);
    const under = exp32([-104, -105, -1000, -3.4e38]);
    expect(Array.from(under)).toEqual([0, 0, 0, 0]);
  });

  it('exp(+inf) = inf, exp(-inf) = 0, exp(±0) = 1, and NaN propagates', () => {
    const y = exp32([Infinity, -Infinity, 0, -0, NaN, 1, NaN]);
    expect(y[0]).toBe(Infinity);
    expect(y[1]).toBe(0);
    expect(y[2]).toBe(1);
    expect(y[3]).toBe(1);
    expect(Number.isNaN(y[4]) && Number.isNaN(y[6])).toBe(true);
    expect(y[5]).toBeCloseTo(Math.E, 6); // a NaN neighbour in the same vector does not leak
  });

  it('every length from 0 to 70 (below, at, above and multiples of each vector width), and in place', () => {
    for (let n = 0; n <= 70; n++) {
      const x = Float32Array.from({ length: n }, (_, i) => ((i * 7.3) % 40) - 20);
      const y = exp32(x);
      expect(worst(x, y).rel).toBeLessThanOrEqual(MAX_REL);
      const inPlace = x.slice();
      addon!.expF32(inPlace, inPlace);
      expect(inPlace).toEqual(y);
    }
  });

  it('never writes past the end of its output', () => {
    const buf = new Float32Array(40).fill(-7),
      x = new Float32Array(40).fill(1);
    for (let n = 0; n <= 33; n++) {
      addon!.expF32(x.subarray(0, n), buf.subarray(0, n));
      expect(buf[n]).toBe(-7);
    }
  });
});
