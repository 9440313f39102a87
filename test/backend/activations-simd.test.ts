// Every activation kernel against the JS backend run in float64 on the same float32 inputs (the reference), at
// lengths below, equal to, above and multiples of each SIMD width (4, 8, 16), in place, across threads, and with
// ±inf, ±0 and NaN among the inputs. `npm test` repeats this for every NNKIT_SIMD cap (avx2, sse2, scalar).
import { expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/backends';
import { uniform } from '../helpers/random';
import { jsBackend } from '../../src/backend/js';
import type { ElementwiseActivation } from '../../src/backend/types';
import { ELEMENTWISE_ACTIVATIONS } from '../../src/backend/types';

// α = 1.25 is a float32 value: ELU's backward dy·(y + α) cancels for x ≪ 0, so a parameter the native kernels
// round to float32 (and the reference does not) would show up as that rounding, not as a kernel error.
const PARAM: Record<ElementwiseActivation, number> = {
  identity: 0,
  sigmoid: 0,
  tanh: 0,
  relu: 0,
  'leaky-relu': 0.1,
  elu: 1.25,
};
const LENGTHS = [0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 64, 100, 1000];
// Native splits sigmoid, tanh and ELU forward over the thread pool from 2^18 elements and every backward from 2^21
// (native/kernels/activations.cc): both sizes, with a ragged last chunk.
const LARGE = (1 << 20) + 37;
const LARGE_BACKWARD = (1 << 21) + 37;
// Forward: the vectorized exp and its derivatives stay within 2 ulp (native/simd/exp_f32.inl); the float64
// reference is rounded once more when compared, so allow 4e-7 relative.
const RTOL = 4e-7,
  ATOL = 1e-37;

/** Inputs over the interesting range plus specials at positions that land in different lanes and tails. */
function inputs(n: number, seed: number): Float32Array {
  const x = uniform(n, seed, -12, 12);
  const specials = [NaN, Infinity, -Infinity, 0, -0, 90, -90, 1e-4, -1e-4];
  for (let i = 0; i < n; i += 11) x[i] = specials[(i / 11) % specials.length];
  return x;
}

function expectClose(got: Float32Array, want: Float64Array, rtol: number, atol: number, what: string): void {
  for (let i = 0; i < want.length; i++) {
    const g = got[i],
      w = want[i];
    if (Number.isNaN(w) || Number.isNaN(g) || !Number.isFinite(w)) {
      if (!Object.is(g, Math.fround(w)) && !(Number.isNaN(g) && Number.isNaN(w))) {
        expect.fail(`${what}[${i}]: got ${g}, want ${w}`);
      }
      continue;
    }
    if (!(Math.abs(g - w) <= atol + rtol * Math.abs(w))) expect.fail(`${what}[${i}]: got ${g}, want ${w}`);
  }
}

/** Bit-for-bit equality (NaN equal to NaN), without vitest's slow deep compare of large typed arrays. */
function expectSame(got: Float32Array, want: Float32Array, what: string): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) expect.fail(`${what}[${i}]: got ${got[i]}, want ${want[i]}`);
  }
}

function reference(kind: ElementwiseActivation, x: Float32Array, dy: Float32Array) {
  const x64 = Float64Array.from(x),
    y64 = new Float64Array(x.length),
    dx64 = new Float64Array(x.length);
  jsBackend.activationForward(kind, x64, y64, PARAM[kind]);
  return { y64, dx64, dy64: Float64Array.from(dy) };
}

describeEachBackend('activation kernels vs the float64 reference', (b) => {
  for (const kind of ELEMENTWISE_ACTIVATIONS) {
    it(`${kind}: forward and backward at every length`, () => {
      for (const n of [...LENGTHS, LARGE, LARGE_BACKWARD]) {
        const x = inputs(n, n + 1),
          dy = uniform(n, n + 2, -2, 2);
        const { y64, dx64, dy64 } = reference(kind, x, dy);
        const y = new Float32Array(n);
        b.activationForward(kind, x, y, PARAM[kind]);
        expectClose(y, y64, RTOL, ATOL, `${kind} y (n = ${n})`);
        // Backward from the kernel's own y, as a layer does; the reference takes the same float32 y.
        const dx = new Float32Array(n);
        b.activationBackward(kind, x, y, dy, dx, PARAM[kind]);
        jsBackend.activationBackward(kind, Float64Array.from(x), Float64Array.from(y), dy64, dx64, PARAM[kind]);
        expectClose(dx, dx64, 2 * RTOL, ATOL, `${kind} dx (n = ${n})`);
      }
    });

    it(`${kind}: in place (y = x, dx = dy) gives the same values as out of place`, () => {
      for (const n of [5, 16, 33, LARGE, LARGE_BACKWARD]) {
        const x = inputs(n, 3 * n),
          dy = uniform(n, 5 * n);
        const y = new Float32Array(n),
          dx = new Float32Array(n);
        b.activationForward(kind, x, y, PARAM[kind]);
        b.activationBackward(kind, x, y, dy, dx, PARAM[kind]);
        const xy = x.slice(),
          g = dy.slice();
        b.activationBackward(kind, x, y, g, g, PARAM[kind]);
        b.activationForward(kind, xy, xy, PARAM[kind]);
        expectSame(xy, y, `${kind} in-place y (n = ${n})`);
        expectSame(g, dx, `${kind} in-place dx (n = ${n})`);
      }
    });

    it(`${kind}: writes exactly n values`, () => {
      for (const n of [1, 7, 15, 17]) {
        const out = new Float32Array(n + 8).fill(42),
          x = inputs(n, 9),
          dy = uniform(n, 10);
        b.activationForward(kind, x, out.subarray(0, n), PARAM[kind]);
        b.activationBackward(kind, x, out.subarray(0, n), dy, out.subarray(0, n), PARAM[kind]);
        expect(Array.from(out.subarray(n))).toEqual(new Array(8).fill(42));
      }
    });
  }

  // The last shapes pass 2^18 elements: native splits them into blocks of whole rows (~2^18 elements; one row each
  // when a row is longer) with a slope gradient per block, added in block order.
  it('prelu: forward, backward and the slope gradient, shared and per channel, at ragged widths', () => {
    for (const [rows, cols] of [
      [1, 1],
      [3, 5],
      [4, 16],
      [5, 17],
      [2, 33],
      [64, 100],
      [520, 4099],
      [3, (1 << 20) + 5],
    ]) {
      for (const shared of [true, false]) {
        const n = rows * cols,
          x = inputs(n, cols).map((v) => (Number.isFinite(v) ? v : 0.5));
        const dy = uniform(n, rows),
          slope = shared ? new Float32Array([0.25]) : uniform(cols, 7, -0.5, 0.5);
        const y = new Float32Array(n),
          dx = new Float32Array(n),
          ds = new Float32Array(slope.length).fill(0.5);
        b.preluForward(rows, cols, x, slope, y);
        b.preluBackward(rows, cols, x, dy, slope, dx, ds);
        const x64 = Float64Array.from(x),
          s64 = Float64Array.from(slope),
          y64 = new Float64Array(n);
        const dx64 = new Float64Array(n),
          ds64 = new Float64Array(slope.length).fill(0.5);
        jsBackend.preluForward(rows, cols, x64, s64, y64);
        jsBackend.preluBackward(rows, cols, x64, Float64Array.from(dy), s64, dx64, ds64);
        expectClose(y, y64, RTOL, ATOL, `prelu y [${rows}, ${cols}]`);
        expectClose(dx, dx64, RTOL, ATOL, `prelu dx [${rows}, ${cols}]`);
        // dslope: float sums in a different order than the float64 reference; their rounding grows with the number
        // of terms (~√n), while a block added twice or missed would be off by O(1).
        const tol = 1e-5 * Math.max(1, Math.sqrt(n / 1024));
        expectClose(ds, ds64, tol, tol, `prelu dslope [${rows}, ${cols}]`);
      }
    }
  });
});
