// The independent SGEMM reference for tests: C = alpha·op(A)·op(B) + beta·C in float64, element by element, row-major
// (beta = 0 ignores what C held, as BLAS does). Returns a new array shaped like C.
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
