// addBias, sumRows, axpy, scale and the optimizer steps against the JS backend run in float64 on the same float32
// inputs, at lengths below, at, above and multiples of each SIMD width (4, 8, 16) and past the thread-pool split of
// the optimizer steps, several steps for the stateful ones, and nothing written past n. `npm test` repeats it for every NNKIT_SIMD cap.
import { expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/backends';
import { uniform, worstRatio } from '../helpers/random';
import { jsBackend } from '../../src/backend/js';

const LENGTHS = [1, 3, 4, 5, 8, 15, 16, 17, 33, 100, 1000];
// The optimizer steps also past the length from which the native kernels split over the thread pool (2^17,
// kernels/elementwise.cc), with a ragged tail: every range must update its own values, none twice.
const STEP_LENGTHS = [...LENGTHS, 2 ** 17 + 2 ** 16 + 37];
const f64 = (a: Float32Array) => Float64Array.from(a);

function within(got: Float32Array, want: Float64Array, atol: number, rtol: number, what: string): void {
  expect(worstRatio(got, want, atol, rtol), what).toBeLessThanOrEqual(1);
}

describeEachBackend('elementwise kernels vs the float64 reference', (b) => {
  it('addBias and sumRows over ragged widths', () => {
    for (const rows of [1, 2, 7]) {
      for (const cols of LENGTHS) {
        const n = rows * cols,
          y = uniform(n, cols),
          bias = uniform(cols, rows),
          y64 = f64(y);
        b.addBias(rows, cols, y, bias);
        jsBackend.addBias(rows, cols, y64, f64(bias));
        within(y, y64, 1e-7, 1e-6, `addBias [${rows}, ${cols}]`);
        for (const accumulate of [false, true]) {
          const out = uniform(cols, 3),
            out64 = f64(out);
          b.sumRows(rows, cols, y, out, accumulate);
          jsBackend.sumRows(rows, cols, f64(y), out64, accumulate);
          within(out, out64, 1e-6, 1e-5, `sumRows [${rows}, ${cols}] accumulate=${accumulate}`);
        }
      }
    }
  });

  it('axpy (also in place) and scale', () => {
    for (const n of LENGTHS) {
      const x = uniform(n, n),
        y = uniform(n, n + 1),
        y64 = f64(y);
      b.axpy(n, -0.75, x, y);
      jsBackend.axpy(n, -0.75, f64(x), y64);
      within(y, y64, 1e-7, 1e-6, `axpy n=${n}`);
      const self = x.slice(),
        self64 = f64(x);
      b.axpy(n, 2, self, self);
      jsBackend.axpy(n, 2, self64, self64);
      within(self, self64, 1e-7, 1e-6, `axpy in place n=${n}`);
      b.scale(n, -3, y);
      jsBackend.scale(n, -3, y64);
      within(y, y64, 1e-6, 1e-6, `scale n=${n}`);
    }
  });

  it('sgdStep: plain, momentum, Nesterov, weight decay, three steps', () => {
    for (const n of STEP_LENGTHS) {
      for (const [momentum, nesterov] of [
        [0, false],
        [0.9, false],
        [0.9, true],
      ] as const) {
        const w = uniform(n, n),
          v = new Float32Array(n),
          w64 = f64(w),
          v64 = new Float64Array(n);
        for (let step = 0; step < 3; step++) {
          const g = uniform(n, 10 * n + step);
          b.sgdStep(n, w, g, v, 0.1, momentum, 0.01, nesterov, step === 0);
          jsBackend.sgdStep(n, w64, f64(g), v64, 0.1, momentum, 0.01, nesterov, step === 0);
        }
        within(w, w64, 1e-6, 1e-5, `sgd n=${n} μ=${momentum} nesterov=${nesterov}`);
        if (momentum) within(v, v64, 1e-6, 1e-5, `velocity n=${n}`);
      }
    }
  });

  it('adamStep: three steps with weight decay', () => {
    for (const n of STEP_LENGTHS) {
      const w = uniform(n, n),
        m = new Float32Array(n),
        v = new Float32Array(n);
      const w64 = f64(w),
        m64 = new Float64Array(n),
        v64 = new Float64Array(n);
      for (let t = 1; t <= 3; t++) {
        const g = uniform(n, 7 * n + t);
        b.adamStep(n, w, g, m, v, 1e-2, 0.9, 0.999, 1e-8, 1e-3, t);
        jsBackend.adamStep(n, w64, f64(g), m64, v64, 1e-2, 0.9, 0.999, 1e-8, 1e-3, t);
      }
      within(w, w64, 1e-6, 1e-5, `adam w n=${n}`);
      within(m, m64, 1e-7, 1e-5, `adam m n=${n}`);
      // 1 − β2 from β2 = 0.999 rounded to float32 (as the native kernel receives it) is off by 1.3e-5 relative.
      within(v, v64, 1e-9, 5e-5, `adam v n=${n}`);
    }
  });

  it('writes exactly n values', () => {
    for (const n of [1, 7, 15, 17, 2 ** 17 + 5]) {
      const pad = 6,
        w = new Float32Array(n + pad).fill(4),
        v = new Float32Array(n + pad).fill(4);
      const m = new Float32Array(n + pad).fill(4),
        g = uniform(n, 2);
      b.axpy(n, 1, g, w.subarray(0, n));
      b.scale(n, 2, w.subarray(0, n));
      b.sgdStep(n, w.subarray(0, n), g, v.subarray(0, n), 0.1, 0.9, 0, true, false);
      b.adamStep(n, w.subarray(0, n), g, m.subarray(0, n), v.subarray(0, n), 0.1, 0.9, 0.99, 1e-8, 0, 1);
      b.addBias(1, n, w.subarray(0, n), g);
      b.sumRows(1, n, g, m.subarray(0, n), true);
      for (const a of [w, v, m]) expect(Array.from(a.subarray(n))).toEqual(new Array(pad).fill(4));
    }
  });
});
