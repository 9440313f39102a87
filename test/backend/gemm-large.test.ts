// Large GEMM (up to 2048) checked in O(n²) with a random vector t (BLIS testsuite style): each row of
//   C·t − A·(B·t)   must stay within  16 · 2⁻²⁴ · √K · S_i,   S_i² = Σ_p op(A)[i,p]² · Σ_j op(B)[p,j]² t_j²,
// the size float32 rounding reaches on random-signed data (a random walk over K sums, then over N with t). A
// worst-case bound (K · 2⁻²⁴ · |A|·|B|·|t|) would be too loose at K = 2048 to see a dropped tile; this one sees a
// single element off by 0.5, which each case below checks, so the test can fail.
// The JS backend runs the shapes up to 600 (2048³ takes tens of seconds in JavaScript).
import { expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/backends';
import { uniform } from '../helpers/random';

// y = op(X)·v in float64 (op(X) is [rows, cols]); `square` uses X² and v² instead.
function matvec(
  trans: boolean,
  rows: number,
  cols: number,
  X: ArrayLike<number>,
  ld: number,
  v: ArrayLike<number>,
  square = false,
): Float64Array {
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) {
      const x = trans ? X[j * ld + i] : X[i * ld + j];
      s += square ? x * x * v[j] * v[j] : x * v[j];
    }
    y[i] = s;
  }
  return y;
}

// Largest |C·t − A·(B·t)|_i / (16 · 2⁻²⁴ · √K · S_i): ≤ 1 passes.
function residualRatio(
  tA: boolean,
  tB: boolean,
  M: number,
  N: number,
  K: number,
  A: Float32Array,
  B: Float32Array,
  C: Float32Array,
  t: Float32Array,
): number {
  const lda = tA ? M : K,
    ldb = tB ? K : N;
  const Ct = matvec(false, M, N, C, N, t);
  const ABt = matvec(tA, M, K, A, lda, matvec(tB, K, N, B, ldb, t));
  const S2 = matvec(tA, M, K, A, lda, matvec(tB, K, N, B, ldb, t, true).map(Math.sqrt), true);
  let worst = 0;
  for (let i = 0; i < M; i++) {
    const r = Math.abs(Ct[i] - ABt[i]) / (16 * 2 ** -24 * Math.sqrt(K) * Math.sqrt(S2[i]) + 1e-30);
    if (!(r <= worst)) worst = r;
  }
  return worst;
}

const SHAPES: [boolean, boolean, number, number, number][] = [
  [false, false, 2048, 2048, 2048],
  [true, false, 1000, 1500, 777],
  [false, true, 1536, 96, 2048],
  [true, true, 130, 2048, 1100],
  [false, false, 96, 2048, 2048], // small M, B stored [K, N]: the path that reads B in place
  [true, false, 128, 1000, 777],
  [false, true, 600, 512, 600],
  [true, false, 512, 600, 128],
  // M past one A block (MC = 8 MB / (4 B · KC): 4088 rows for AVX-512 with a 32 KB L1) and K past one KC block
  // (512): on 2+ threads the pool packs four shared A blocks into one buffer, each after the last block's ranges
  [true, false, 4100, 4120, 600],
];

describeEachBackend('gemm, large, random-vector residual', (b) => {
  for (const [tA, tB, M, N, K] of SHAPES) {
    if (b.name === 'js' && Math.max(M, N, K) > 600) continue;
    it(`${M}×${N}×${K} transA=${tA} transB=${tB}`, () => {
      const A = uniform(M * K, M + 1),
        B = uniform(K * N, N + 2),
        t = uniform(N, K + 3);
      const C = new Float32Array(M * N).fill(NaN);
      b.gemm(tA, tB, M, N, K, 1, A, tA ? M : K, B, tB ? K : N, 0, C, N);
      const ratio = residualRatio(tA, tB, M, N, K, A, B, C, t);
      expect(ratio).toBeLessThanOrEqual(1);
      // the check can fail: one element off by 0.5 (in the last row and column, the last tile) shows
      C[M * N - 1] += 0.5;
      expect(residualRatio(tA, tB, M, N, K, A, B, C, t)).toBeGreaterThan(1);
    });
  }
});
