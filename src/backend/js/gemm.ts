// SGEMM in TypeScript: C[M,N] = alpha·op(A)·op(B) + beta·C, row-major, BLAS rules (see ../types.ts).
// Two loop orders keep the innermost loop on contiguous memory:
//   op(B) = Bᵀ (B stored [N,K]): C[i,j] = Σ_p op(A)[i,p]·B[j,p]   — dot products along rows of B
//   op(B) = B  (B stored [K,N]): C[i,:] += op(A)[i,p]·B[p,:]       — axpy along rows of B and C
import type { FloatArray } from '../types';
import * as check from './check';

export function gemm(transA: boolean, transB: boolean, M: number, N: number, K: number, alpha: number,
  A: FloatArray, lda: number, B: FloatArray, ldb: number, beta: number, C: FloatArray, ldc: number): void {
  validate('gemm', transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  if (M === 0 || N === 0) return;
  for (let i = 0; i < M; i++) {
    const ci = i * ldc;
    if (beta === 0) C.fill(0, ci, ci + N);
    else if (beta !== 1) for (let j = 0; j < N; j++) C[ci + j] *= beta;
  }
  if (K === 0 || alpha === 0) return;
  // a(i, p) = op(A)[i, p]
  const aRow = transA ? 1 : lda, aCol = transA ? lda : 1;
  if (transB) {
    for (let i = 0; i < M; i++) {
      const ai = i * aRow, ci = i * ldc;
      for (let j = 0; j < N; j++) {
        const bj = j * ldb;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        let p = 0;
        for (; p + 3 < K; p += 4) {
          s0 += A[ai + p * aCol] * B[bj + p];
          s1 += A[ai + (p + 1) * aCol] * B[bj + p + 1];
          s2 += A[ai + (p + 2) * aCol] * B[bj + p + 2];
          s3 += A[ai + (p + 3) * aCol] * B[bj + p + 3];
        }
        for (; p < K; p++) s0 += A[ai + p * aCol] * B[bj + p];
        C[ci + j] += alpha * (s0 + s1 + s2 + s3);
      }
    }
    return;
  }
  for (let i = 0; i < M; i++) {
    const ai = i * aRow, ci = i * ldc;
    for (let p = 0; p < K; p++) {
      const a = alpha * A[ai + p * aCol];
      if (a === 0) continue;
      const bp = p * ldb;
      for (let j = 0; j < N; j++) C[ci + j] += a * B[bp + j];
    }
  }
}

export async function gemmAsync(transA: boolean, transB: boolean, M: number, N: number, K: number, alpha: number,
  A: FloatArray, lda: number, B: FloatArray, ldb: number, beta: number, C: FloatArray, ldc: number): Promise<void> {
  gemm(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

function validate(fn: string, transA: unknown, transB: unknown, M: unknown, N: unknown, K: unknown, alpha: unknown,
  A: unknown, lda: unknown, B: unknown, ldb: unknown, beta: unknown, C: unknown, ldc: unknown): void {
  const ta = check.bool(fn, 'transA', transA), tb = check.bool(fn, 'transB', transB);
  const m = check.size(fn, 'M', M), n = check.size(fn, 'N', N), k = check.size(fn, 'K', K);
  check.finite(fn, 'alpha', alpha);
  const la = check.size(fn, 'lda', lda), lb = check.size(fn, 'ldb', ldb);
  check.finite(fn, 'beta', beta);
  const lc = check.size(fn, 'ldc', ldc);
  const aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
  const ld = (v: number, cols: number, name: string, stored: string) => {
    const min = Math.max(1, cols);
    if (v < min) throw new RangeError(`${fn}: ${name} must be at least ${min} (the width of ${stored}), got ${v}`);
  };
  ld(la, aCols, 'lda', ta ? 'A stored [K, M]' : 'A stored [M, K]');
  ld(lb, bCols, 'ldb', tb ? 'B stored [N, K]' : 'B stored [K, N]');
  ld(lc, n, 'ldc', 'C [M, N]');
  const usesAB = m > 0 && n > 0 && k > 0;
  const a = check.floats(fn, 'A', A, usesAB ? check.extent(aRows, aCols, la) : 0);
  const b = check.floats(fn, 'B', B, usesAB ? check.extent(bRows, bCols, lb) : 0);
  const c = check.floats(fn, 'C', C, check.extent(m, n, lc));
  check.disjoint(fn, 'C', c, 'A', a);
  check.disjoint(fn, 'C', c, 'B', b);
}
