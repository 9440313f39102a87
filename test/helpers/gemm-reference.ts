// The independent SGEMM reference for tests: C = alpha·op(A)·op(B) + beta·C in float64, element by element, row-major
// (beta = 0 ignores what C held, as BLAS does). Returns a new array shaped like C.
import { uniform, worstRatio } from './random';

export type Arr = Float32Array | Float64Array;

export function gemmReference(
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
): Float64Array {
  const out = Float64Array.from(C);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let p = 0; p < K; p++) s += (tA ? A[p * lda + i] : A[i * lda + p]) * (tB ? B[j * ldb + p] : B[p * ldb + j]);
      out[i * ldc + j] = alpha * s + (beta === 0 ? 0 : beta * C[i * ldc + j]);
    }
  }
  return out;
}

const GUARD = 8; // sentinel elements after C's last element
const SENTINEL = 12345.5;

export interface GemmCase {
  tA: boolean;
  tB: boolean;
  M: number;
  N: number;
  K: number;
  alpha: number;
  beta: number;
  pad: number;
}

/** Runs one gemm call against gemmReference; C's row padding and the elements after C hold a sentinel that must
 *  survive. Returns the worst error ratio (≤ 1 passes, Infinity for a touched sentinel). */
export function checkGemm(gemm: (...args: never[]) => void, c: GemmCase, seed: number, f64 = false): number {
  const { tA, tB, M, N, K, alpha, beta, pad } = c;
  const lda = Math.max(1, (tA ? M : K) + pad),
    ldb = Math.max(1, (tB ? K : N) + pad),
    ldc = N + pad;
  const make = (n: number, s: number): Arr => (f64 ? Float64Array.from(uniform(n, s)) : uniform(n, s));
  const aLen = (tA ? K : M) === 0 || (tA ? M : K) === 0 ? 0 : ((tA ? K : M) - 1) * lda + (tA ? M : K);
  const bLen = (tB ? N : K) === 0 || (tB ? K : N) === 0 ? 0 : ((tB ? N : K) - 1) * ldb + (tB ? K : N);
  const cLen = M === 0 || N === 0 ? 0 : (M - 1) * ldc + N;
  const A = make(aLen, seed),
    B = make(bLen, seed + 1);
  const store = make(cLen + GUARD, seed + 2);
  for (let i = 0; i < M; i++) for (let j = N; j < ldc && i * ldc + j < cLen; j++) store[i * ldc + j] = SENTINEL;
  for (let g = 0; g < GUARD; g++) store[cLen + g] = SENTINEL;
  if (beta === 0 && N > 0) for (let i = 0; i < M; i++) store[i * ldc] = NaN; // beta = 0 must not read C
  const C = store.subarray(0, cLen);
  const want = gemmReference(tA, tB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  const gemmFn = gemm as unknown as (...a: unknown[]) => void;
  gemmFn(tA, tB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  for (let g = 0; g < GUARD; g++) if (store[cLen + g] !== SENTINEL) return Infinity;
  for (let i = 0; i < M; i++)
    for (let j = N; j < ldc && i * ldc + j < cLen; j++) if (C[i * ldc + j] !== SENTINEL) return Infinity;
  const atol = f64 ? 1e-12 : 1e-5 * Math.sqrt(K + 1) * 4,
    rtol = f64 ? 1e-12 : 1e-5;
  return worstRatio(C, want, atol * (Math.abs(alpha) + Math.abs(beta) + 1), rtol);
}
