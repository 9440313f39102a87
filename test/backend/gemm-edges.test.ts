// GEMM edge cases against a float64 reference: every edge tile of every micro-kernel (m mod MR, n mod NR for the
// 14×32 AVX-512, 6×16 AVX2, 6×8 SSE2, 4×4 scalar/JS tiles), all transposes, alpha/beta, padded leading dimensions
// whose padding must stay untouched, k = 1, K and N past one cache block, zero sizes, and Float64Array on js.
// Run under each NNKIT_SIMD cap by `npm test` (scripts/test-all.js), so every kernel meets these shapes.
import { describe, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/backends';
import { checkGemm as check, gemmReference, type GemmCase as Case } from '../helpers/gemm-reference';
import { rng, uniform } from '../helpers/random';

const M_EDGES = [...Array.from({ length: 17 }, (_, i) => i + 1), 27, 28, 29, 41, 42, 43];
const N_EDGES = [...Array.from({ length: 33 }, (_, i) => i + 1), 47, 48, 49, 63, 64, 65];

describeEachBackend('gemm edges', (b) => {
  it('every edge tile (m < MR, n < NR and past whole tiles), rotating transposes, alpha/beta, padding', () => {
    const r = rng(7);
    let seed = 1,
      worst = 0,
      worstCase: Case | undefined;
    for (const M of M_EDGES) {
      for (const N of N_EDGES) {
        const c: Case = {
          tA: r() < 0.5,
          tB: r() < 0.5,
          M,
          N,
          K: [1, 2, 5, 17][seed % 4],
          alpha: [1, -0.5, 2][seed % 3],
          beta: [0, 1, 0.25][(seed >> 2) % 3],
          pad: Math.floor(r() * 4),
        };
        const w = check(b.gemm, c, seed++);
        if (!(w <= worst)) {
          worst = w;
          worstCase = c;
        }
      }
    }
    expect(worst, JSON.stringify(worstCase)).toBeLessThanOrEqual(1);
  });

  for (const tA of [false, true]) {
    for (const tB of [false, true]) {
      it(`K and N past one cache block (K = 600, N = 470), beta ≠ 0, transA=${tA} transB=${tB}`, () => {
        for (const [M, N, K, beta] of [
          [33, 470, 600, 0.5],
          [15, 97, 1100, 0],
          [61, 33, 513, -1],
        ] as const) {
          expect(check(b.gemm, { tA, tB, M, N, K, alpha: 1.5, beta, pad: 5 }, M + N + K)).toBeLessThanOrEqual(1);
        }
      });
      it(`k = 1 is an outer product, transA=${tA} transB=${tB}`, () => {
        for (const [M, N] of [
          [1, 1],
          [14, 32],
          [15, 33],
          [100, 70],
        ]) {
          expect(check(b.gemm, { tA, tB, M, N, K: 1, alpha: 1, beta: 0, pad: 2 }, M * N)).toBeLessThanOrEqual(1);
        }
      });
    }
  }

  it('zero sizes: M = 0 or N = 0 leave C alone; K = 0 or alpha = 0 give beta·C without reading A or B', () => {
    for (const [M, N, K] of [
      [0, 5, 3],
      [4, 0, 3],
      [0, 0, 0],
      [4, 5, 0],
      [0, 5, 0],
    ]) {
      for (const beta of [0, 1, -2])
        expect(check(b.gemm, { tA: false, tB: true, M, N, K, alpha: 1, beta, pad: 1 }, 3)).toBeLessThanOrEqual(1);
    }
    const A = new Float32Array(6).fill(NaN),
      B = new Float32Array(6).fill(NaN),
      C = new Float32Array([1, 2, 3, 4]);
    b.gemm(false, false, 2, 2, 3, 0, A, 3, B, 2, 3, C, 2);
    expect(Array.from(C)).toEqual([3, 6, 9, 12]);
  });

  it('gemmAsync handles edge tiles and transposes like gemm', async () => {
    for (const [tA, tB] of [
      [false, true],
      [true, false],
    ]) {
      const M = 29,
        N = 47,
        K = 300;
      const A = uniform(M * K, 1),
        B = uniform(K * N, 2);
      const C1 = uniform(M * N, 3),
        C2 = Float32Array.from(C1);
      b.gemm(tA, tB, M, N, K, 0.5, A, tA ? M : K, B, tB ? K : N, 2, C1, N);
      await b.gemmAsync(tA, tB, M, N, K, 0.5, A, tA ? M : K, B, tB ? K : N, 2, C2, N);
      expect(Array.from(C2)).toEqual(Array.from(C1));
    }
  });

  if (b.name === 'js') {
    it('Float64Array in and out is exact to double rounding (the gradient checks rely on it)', () => {
      let seed = 500;
      for (const [M, N, K] of [
        [5, 7, 3],
        [17, 33, 300],
        [4, 4, 1],
      ]) {
        for (const tA of [false, true])
          for (const tB of [false, true]) {
            expect(
              check(b.gemm, { tA, tB, M, N, K, alpha: 0.75, beta: 0.5, pad: 1 }, seed++, true),
            ).toBeLessThanOrEqual(1);
          }
      }
    });
  }
});

describe('gemm edges: the check itself', () => {
  it('flags a wrong product and a write into the padding (so the tests above can fail)', () => {
    const wrong = (
      tA: boolean,
      tB: boolean,
      M: number,
      N: number,
      K: number,
      alpha: number,
      A: Arr,
      lda: number,
      B: Arr,
      ldb: number,
      beta: number,
      C: Arr,
      ldc: number,
    ) => {
      const want = gemmReference(tA, tB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
      C.set(want);
      C[ldc * (M - 1)] += 0.01; // one wrong element in the last row
    };
    expect(
      check(wrong as never, { tA: false, tB: false, M: 3, N: 4, K: 5, alpha: 1, beta: 0, pad: 0 }, 1),
    ).toBeGreaterThan(1);
    const padWriter = (
      _tA: boolean,
      _tB: boolean,
      M: number,
      N: number,
      K: number,
      alpha: number,
      A: Arr,
      lda: number,
      B: Arr,
      ldb: number,
      beta: number,
      C: Arr,
      ldc: number,
    ) => {
      C.set(gemmReference(false, false, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc));
      C[N] = 0; // the first padding element of row 0
    };
    expect(check(padWriter as never, { tA: false, tB: false, M: 3, N: 4, K: 5, alpha: 1, beta: 0, pad: 2 }, 1)).toBe(
      Infinity,
    );
  });
});
