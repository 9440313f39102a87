// BatchNorm kernels (plain and fused with ReLU) against the JS backend run in float64 on the same float32 inputs:
// channel counts below, at, above and multiples of each SIMD width and of the 4-vector strips of the S = 1
// statistics (whole strips, then single vectors, then a masked one), N across the 64-row flush of the partial sums,
// sizes past 2^18 values where native splits the channels over threads (S = 1 in 64-channel pieces, and spatial),
// S = 1 and spatial, data far from zero (|mean| ≫ std), large shapes, infer in place, nothing written
// past the outputs. `npm test` repeats it for every NNKIT_SIMD cap.
import { expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/backends';
import { uniform, worstRatio } from '../helpers/random';
import { jsBackend } from '../../src/backend/js';

const EPS = 1e-5;
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [2, 1, 1],
  [1, 5, 1],
  [3, 4, 1],
  [7, 8, 1],
  [9, 15, 1],
  [64, 16, 1],
  [65, 17, 1],
  [130, 33, 1],
  [130, 85, 1],
  [67, 200, 1],
  [5, 3, 7],
  [4, 2, 17],
  [3, 5, 1030],
  [1024, 320, 1],
  [16, 20, 1000],
  [1030, 2050, 1],
  [8, 5, 53000],
];
const f64 = (a: Float32Array) => Float64Array.from(a);

function data(N: number, C: number, S: number, seed: number, offset: number) {
  const n = N * C * S;
  return {
    x: uniform(n, seed, offset - 2, offset + 3),
    dy: uniform(n, seed + 1),
    gamma: uniform(C, seed + 2, 0.5, 2),
    beta: uniform(C, seed + 3, -1, 1),
  };
}

function within(got: Float32Array, want: Float64Array, atol: number, rtol: number, what: string): void {
  const r = worstRatio(got, want, atol, rtol);
  expect(r, `${what}: worst |got − want| / (atol + rtol·|want|)`).toBeLessThanOrEqual(1);
}

describeEachBackend('batchNorm kernels vs the float64 reference', (b) => {
  for (const relu of [false, true]) {
    const name = relu ? 'batchNormRelu' : 'batchNorm';
    for (const [N, C, S] of SHAPES) {
      for (const offset of [0, 1000]) {
        it(`${name}: forwardTrain and backward for [N=${N}, C=${C}, S=${S}], data around ${offset}`, () => {
          const n = N * C * S,
            { x, dy, gamma, beta } = data(N, C, S, N + C + S, offset);
          const y = new Float32Array(n),
            mean = new Float32Array(C),
            variance = new Float32Array(C),
            invStd = new Float32Array(C);
          const y64 = new Float64Array(n),
            m64 = new Float64Array(C),
            v64 = new Float64Array(C),
            i64 = new Float64Array(C);
          (relu ? b.batchNormReluForwardTrain : b.batchNormForwardTrain)(
            N,
            C,
            S,
            x,
            gamma,
            beta,
            EPS,
            y,
            mean,
            variance,
            invStd,
          );
          jsBackend.batchNormForwardTrain(N, C, S, f64(x), f64(gamma), f64(beta), EPS, y64, m64, v64, i64);
          if (relu) for (let i = 0; i < n; i++) y64[i] = Math.max(0, y64[i]);
          within(mean, m64, 1e-6, 1e-6, 'mean');
          within(variance, v64, 1e-7, 2e-5, 'variance');
          within(invStd, i64, 0, 2e-5, 'invStd');
          within(y, y64, 2e-5, 2e-5, 'y');

          // Backward from the kernel's own float32 outputs, as a layer would call it; the reference takes the same.
          const dx = new Float32Array(n),
            dg = new Float32Array(C),
            db = new Float32Array(C);
          const dx64 = new Float64Array(n),
            dg64 = new Float64Array(C),
            db64 = new Float64Array(C);
          if (relu) {
            b.batchNormReluBackward(N, C, S, x, y, dy, gamma, mean, invStd, dx, dg, db);
            const g = f64(dy).map((v, i) => (y[i] > 0 ? v : 0));
            jsBackend.batchNormBackward(N, C, S, f64(x), g, f64(gamma), f64(mean), f64(invStd), dx64, dg64, db64);
          } else {
            b.batchNormBackward(N, C, S, x, dy, gamma, mean, invStd, dx, dg, db);
            jsBackend.batchNormBackward(N, C, S, f64(x), f64(dy), f64(gamma), f64(mean), f64(invStd), dx64, dg64, db64);
          }
          const scale = Math.sqrt(N * S); // sums of N·S terms of size ~1
          within(db, db64, 1e-6 * scale, 1e-5, 'dbeta');
          within(dg, dg64, 1e-6 * scale, 1e-5, 'dgamma');
          within(dx, dx64, 1e-5, 1e-4, 'dx');
        });
      }
    }

    it(`${name}: forwardInfer, also in place`, () => {
      for (const [N, C, S] of [
        [1, 1, 1],
        [5, 17, 1],
        [33, 64, 1],
        [3, 5, 19],
        [1024, 320, 1],
      ]) {
        const n = N * C * S,
          { x, gamma, beta } = data(N, C, S, 7 * C, 0);
        const rm = uniform(C, 8, -1, 1),
          rv = uniform(C, 9, 0.2, 3),
          y = new Float32Array(n);
        const infer = relu ? b.batchNormReluForwardInfer : b.batchNormForwardInfer;
        infer(N, C, S, x, gamma, beta, rm, rv, EPS, y);
        const y64 = new Float64Array(n);
        jsBackend.batchNormForwardInfer(N, C, S, f64(x), f64(gamma), f64(beta), f64(rm), f64(rv), EPS, y64);
        if (relu) for (let i = 0; i < n; i++) y64[i] = Math.max(0, y64[i]);
        within(y, y64, 1e-5, 1e-5, `y [${N}, ${C}, ${S}]`);
        const inPlace = x.slice();
        infer(N, C, S, inPlace, gamma, beta, rm, rv, EPS, inPlace);
        for (let i = 0; i < n; i++)
          if (!Object.is(inPlace[i], y[i])) expect.fail(`in place [${i}]: ${inPlace[i]} vs ${y[i]}`);
      }
    });
  }

  it('writes nothing past y, dx and the per-channel outputs', () => {
    for (const [N, C, S] of [
      [3, 5, 1],
      [2, 17, 1],
      [4, 3, 7],
    ]) {
      const n = N * C * S,
        { x, dy, gamma, beta } = data(N, C, S, 3, 0),
        pad = 5;
      const y = new Float32Array(n + pad).fill(9),
        dx = new Float32Array(n + pad).fill(9);
      const stats = Array.from({ length: 5 }, () => new Float32Array(C + pad).fill(9));
      const [mean, variance, invStd, dg, db] = stats;
      b.batchNormReluForwardTrain(
        N,
        C,
        S,
        x,
        gamma,
        beta,
        EPS,
        y.subarray(0, n),
        mean.subarray(0, C),
        variance.subarray(0, C),
        invStd.subarray(0, C),
      );
      b.batchNormReluBackward(
        N,
        C,
        S,
        x,
        y.subarray(0, n),
        dy,
        gamma,
        mean.subarray(0, C),
        invStd.subarray(0, C),
        dx.subarray(0, n),
        dg.subarray(0, C),
        db.subarray(0, C),
      );
      for (const a of [y, dx]) expect(Array.from(a.subarray(n))).toEqual(new Array(pad).fill(9));
      for (const a of stats) expect(Array.from(a.subarray(C))).toEqual(new Array(pad).fill(9));
    }
  });

  it('NaN in x makes its channel NaN and leaves the others alone', () => {
    const N = 4,
      C = 18,
      { x, gamma, beta } = data(N, C, 1, 5, 0);
    x[2 * C + 17] = NaN;
    const y = new Float32Array(N * C),
      mean = new Float32Array(C),
      variance = new Float32Array(C),
      invStd = new Float32Array(C);
    b.batchNormForwardTrain(N, C, 1, x, gamma, beta, EPS, y, mean, variance, invStd);
    expect(Number.isNaN(mean[17]) && Number.isNaN(y[17])).toBe(true);
    expect(y.subarray(0, 17).every(Number.isFinite)).toBe(true);
  });

  it('rejects bad arguments of the fused calls, naming them', () => {
    const x = new Float32Array(6),
      c = new Float32Array(3);
    expect(() =>
      b.batchNormReluForwardTrain(
        2,
        3,
        1,
        x,
        c,
        c,
        EPS,
        x,
        new Float32Array(3),
        new Float32Array(3),
        new Float32Array(3),
      ),
    ).toThrow(/batchNormReluForwardTrain: y must not overlap x/);
    expect(() =>
      b.batchNormReluBackward(
        2,
        3,
        1,
        x,
        new Float32Array(5),
        x,
        c,
        c,
        c,
        new Float32Array(6),
        new Float32Array(3),
        new Float32Array(3),
      ),
    ).toThrow(/batchNormReluBackward: y needs at least 6 elements/);
    expect(() => b.batchNormReluForwardInfer(2, 3, 1, x, c, c, c, c, 0, new Float32Array(6))).toThrow(
      /batchNormReluForwardInfer: eps must be > 0/,
    );
  });
});

it('batchNormReluBackward (JS, float64) matches centered finite differences of L = Σ w·max(0, BN(x))', () => {
  for (const [N, C, S] of [
    [1, 2, 3],
    [6, 3, 1],
    [3, 2, 4],
  ]) {
    const n = N * C * S;
    const x = Float64Array.from(uniform(n, 21 + n, -2, 2)),
      w = Float64Array.from(uniform(n, 22 + n));
    const gamma = Float64Array.from(uniform(C, 23, 0.5, 1.5)),
      beta = Float64Array.from(uniform(C, 24, -0.5, 0.5));
    const stats = () => [new Float64Array(C), new Float64Array(C), new Float64Array(C)] as const;
    const loss = () => {
      const y = new Float64Array(n);
      jsBackend.batchNormReluForwardTrain(N, C, S, x, gamma, beta, EPS, y, ...stats());
      return y.reduce((a, v, i) => a + v * w[i], 0);
    };
    const [mean, variance, invStd] = stats(),
      y = new Float64Array(n);
    jsBackend.batchNormReluForwardTrain(N, C, S, x, gamma, beta, EPS, y, mean, variance, invStd);
    const dx = new Float64Array(n),
      dg = new Float64Array(C),
      db = new Float64Array(C);
    jsBackend.batchNormReluBackward(N, C, S, x, y, w, gamma, mean, invStd, dx, dg, db);
    const h = 1e-6;
    const numeric = (arr: Float64Array, i: number) => {
      const old = arr[i];
      arr[i] = old + h;
      const up = loss();
      arr[i] = old - h;
      const down = loss();
      arr[i] = old;
      return (up - down) / (2 * h);
    };
    for (let i = 0; i < n; i++) if (Math.abs(y[i]) > 1e-4) expect(dx[i]).toBeCloseTo(numeric(x, i), 5); // off the kink
    for (let c = 0; c < C; c++) {
      expect(dg[c]).toBeCloseTo(numeric(gamma, c), 5);
      expect(db[c]).toBeCloseTo(numeric(beta, c), 5);
    }
  }
});
