import { expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/backends';
import { gemmReference } from '../helpers/gemm-reference';
import { uniform, worstRatio } from '../helpers/random';

const SIZES = [1, 2, 7, 16, 17, 63, 64, 65, 128, 129];

describeEachBackend('gemm', (b) => {
  const run = (
    tA: boolean,
    tB: boolean,
    M: number,
    N: number,
    K: number,
    alpha: number,
    beta: number,
    pad: number,
    seed: number,
  ) => {
    const lda = (tA ? M : K) + pad,
      ldb = (tB ? K : N) + pad,
      ldc = N + pad;
    const A = uniform(((tA ? K : M) - 1) * lda + (tA ? M : K), seed);
    const B = uniform(((tB ? N : K) - 1) * ldb + (tB ? K : N), seed + 1);
    const C = uniform((M - 1) * ldc + N, seed + 2);
    const want = gemmReference(tA, tB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    b.gemm(tA, tB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    // float32 accumulation over K terms of size ≤ 1: error grows like K·2⁻²⁴
    expect(worstRatio(C, want, 1e-5 * Math.sqrt(K + 1) * 4, 1e-5)).toBeLessThanOrEqual(1);
  };

  for (const tA of [false, true]) {
    for (const tB of [false, true]) {
      it(`matches a float64 reference over M × N, transA=${tA} transB=${tB}`, () => {
        let seed = 1;
        for (const M of SIZES) for (const N of SIZES) run(tA, tB, M, N, SIZES[(M + N) % SIZES.length], 1, 0, 0, seed++);
      });
      it(`matches over K with alpha/beta and padded leading dimensions, transA=${tA} transB=${tB}`, () => {
        let seed = 1000;
        for (const K of SIZES) {
          run(tA, tB, 17, 33, K, 0.5, 0.25, 3, seed++);
          run(tA, tB, 65, 7, K, -1.5, 1, 1, seed++);
        }
      });
    }
  }

  it('ignores NaN already in C when beta = 0, as BLAS does', () => {
    const A = uniform(6, 1),
      B = uniform(6, 2),
      C = new Float32Array(4).fill(NaN);
    b.gemm(false, false, 2, 2, 3, 1, A, 3, B, 2, 0, C, 2);
    expect(C.every(Number.isFinite)).toBe(true);
  });

  it('with K = 0 scales C by beta', () => {
    const C = new Float32Array([1, 2, 3, 4]);
    b.gemm(false, false, 2, 2, 0, 1, new Float32Array(0), 1, new Float32Array(0), 2, 2, C, 2);
    expect(Array.from(C)).toEqual([2, 4, 6, 8]);
  });

  it('gemmAsync gives the same result as gemm', async () => {
    const A = uniform(64 * 48, 5),
      B = uniform(48 * 32, 6);
    const C1 = new Float32Array(64 * 32),
      C2 = new Float32Array(64 * 32);
    b.gemm(false, false, 64, 32, 48, 1, A, 48, B, 32, 0, C1, 32);
    await b.gemmAsync(false, false, 64, 32, 48, 1, A, 48, B, 32, 0, C2, 32);
    expect(Array.from(C2)).toEqual(Array.from(C1));
  });
});
