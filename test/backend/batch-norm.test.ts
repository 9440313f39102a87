import { expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/backends';
import { jsBackend } from '../../src/backend/js';
import { rng, uniform, worstRatio } from '../helpers/random';

const EPS = 1e-5;

// The formula (docs/design.md §4), in float64: x̂ = (x − μ)/sqrt(σ² + ε), σ² = (1/M) Σ (x − μ)², y = γx̂ + β.
function reference(
  N: number,
  C: number,
  S: number,
  x: ArrayLike<number>,
  gamma: ArrayLike<number>,
  beta: ArrayLike<number>,
) {
  const y = new Float64Array(N * C * S),
    mean = new Float64Array(C),
    variance = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    const vals: number[] = [];
    for (let i = 0; i < N; i++) for (let s = 0; s < S; s++) vals.push(x[(i * C + c) * S + s]);
    const mu = vals.reduce((a, v) => a + v, 0) / vals.length;
    const v = vals.reduce((a, x) => a + (x - mu) ** 2, 0) / vals.length;
    mean[c] = mu;
    variance[c] = v;
    for (let i = 0; i < N; i++) {
      for (let s = 0; s < S; s++) {
        const o = (i * C + c) * S + s;
        y[o] = (gamma[c] * (x[o] - mu)) / Math.sqrt(v + EPS) + beta[c];
      }
    }
  }
  return { y, mean, variance };
}

describeEachBackend('batchNorm', (b) => {
  for (const [N, C, S] of [
    [1, 1, 2],
    [2, 1, 1],
    [8, 3, 1],
    [33, 17, 1],
    [4, 3, 5],
    [128, 64, 1],
  ]) {
    it(`forwardTrain matches the formula for [N=${N}, C=${C}, S=${S}]`, () => {
      const x = uniform(N * C * S, N + C, -3, 5),
        gamma = uniform(C, 2, 0.5, 2),
        beta = uniform(C, 3);
      const y = new Float32Array(N * C * S),
        mean = new Float32Array(C),
        variance = new Float32Array(C);
      const invStd = new Float32Array(C);
      b.batchNormForwardTrain(N, C, S, x, gamma, beta, EPS, y, mean, variance, invStd);
      const want = reference(N, C, S, x, gamma, beta);
      expect(worstRatio(mean, want.mean, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
      expect(worstRatio(variance, want.variance, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
      expect(
        worstRatio(
          invStd,
          Array.from(want.variance, (v) => 1 / Math.sqrt(v + EPS)),
          1e-5,
          1e-4,
        ),
      ).toBeLessThanOrEqual(1);
      expect(worstRatio(y, want.y, 1e-4, 1e-4)).toBeLessThanOrEqual(1);
    });
  }

  it('forwardInfer uses the running estimates', () => {
    const N = 6,
      C = 4,
      x = uniform(N * C, 1),
      gamma = uniform(C, 2),
      beta = uniform(C, 3);
    const rm = uniform(C, 4),
      rv = uniform(C, 5, 0.5, 2),
      y = new Float32Array(N * C);
    b.batchNormForwardInfer(N, C, 1, x, gamma, beta, rm, rv, EPS, y);
    for (let i = 0; i < N * C; i++) {
      const c = i % C;
      expect(y[i]).toBeCloseTo((gamma[c] * (x[i] - rm[c])) / Math.sqrt(rv[c] + EPS) + beta[c], 5);
    }
  });

  it('backward matches the float64 JS kernel (itself checked by finite differences below)', () => {
    const N = 16,
      C = 5,
      S = 3,
      n = N * C * S;
    const x = uniform(n, 11, -2, 2),
      dy = uniform(n, 12),
      gamma = uniform(C, 13, 0.5, 1.5),
      beta = uniform(C, 14);
    const y = new Float32Array(n),
      mean = new Float32Array(C),
      variance = new Float32Array(C),
      invStd = new Float32Array(C);
    b.batchNormForwardTrain(N, C, S, x, gamma, beta, EPS, y, mean, variance, invStd);
    const dx = new Float32Array(n),
      dg = new Float32Array(C),
      db = new Float32Array(C);
    b.batchNormBackward(N, C, S, x, dy, gamma, mean, invStd, dx, dg, db);
    const f64 = (a: Float32Array) => Float64Array.from(a);
    const m64 = new Float64Array(C),
      v64 = new Float64Array(C),
      i64 = new Float64Array(C);
    jsBackend.batchNormForwardTrain(N, C, S, f64(x), f64(gamma), f64(beta), EPS, new Float64Array(n), m64, v64, i64);
    const dx64 = new Float64Array(n),
      dg64 = new Float64Array(C),
      db64 = new Float64Array(C);
    jsBackend.batchNormBackward(N, C, S, f64(x), f64(dy), f64(gamma), m64, i64, dx64, dg64, db64);
    expect(worstRatio(dx, dx64, 1e-5, 1e-3)).toBeLessThanOrEqual(1);
    expect(worstRatio(dg, dg64, 1e-5, 1e-4)).toBeLessThanOrEqual(1);
    expect(worstRatio(db, db64, 1e-5, 1e-4)).toBeLessThanOrEqual(1);
  });
});

it('batchNorm backward (JS, float64) matches centered finite differences of L = Σ w·y', () => {
  const r = rng(7);
  for (const [N, C, S] of [
    [1, 1, 3],
    [5, 1, 1],
    [6, 3, 1],
    [3, 2, 4],
  ]) {
    const n = N * C * S;
    const x = Float64Array.from({ length: n }, () => r() * 4 - 2);
    const gamma = Float64Array.from({ length: C }, () => 0.5 + r());
    const beta = Float64Array.from({ length: C }, () => r() - 0.5);
    const w = Float64Array.from({ length: n }, () => r() * 2 - 1); // dL/dy
    const loss = (xs: Float64Array, g: Float64Array, bt: Float64Array) => {
      const y = new Float64Array(n);
      jsBackend.batchNormForwardTrain(
        N,
        C,
        S,
        xs,
        g,
        bt,
        EPS,
        y,
        new Float64Array(C),
        new Float64Array(C),
        new Float64Array(C),
      );
      return y.reduce((a, v, i) => a + v * w[i], 0);
    };
    const mean = new Float64Array(C),
      variance = new Float64Array(C),
      invStd = new Float64Array(C);
    jsBackend.batchNormForwardTrain(N, C, S, x, gamma, beta, EPS, new Float64Array(n), mean, variance, invStd);
    const dx = new Float64Array(n),
      dg = new Float64Array(C),
      db = new Float64Array(C);
    jsBackend.batchNormBackward(N, C, S, x, w, gamma, mean, invStd, dx, dg, db);
    const h = 1e-6;
    const numeric = (arr: Float64Array, i: number) => {
      const old = arr[i];
      arr[i] = old + h;
      const up = loss(x, gamma, beta);
      arr[i] = old - h;
      const down = loss(x, gamma, beta);
      arr[i] = old;
      return (up - down) / (2 * h);
    };
    for (let i = 0; i < n; i++) expect(dx[i]).toBeCloseTo(numeric(x, i), 5);
    for (let c = 0; c < C; c++) {
      expect(dg[c]).toBeCloseTo(numeric(gamma, c), 5);
      expect(db[c]).toBeCloseTo(numeric(beta, c), 5);
    }
  }
});
