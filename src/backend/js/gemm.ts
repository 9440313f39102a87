// SGEMM in TypeScript: C[M,N] = alpha·op(A)[M,K]·op(B)[K,N] + beta·C, row-major, BLAS rules (see ../types.ts).
// The fallback users without a compiler get, so it is blocked the way the native one is (Goto/BLIS), scaled down
// to what a JIT keeps in registers:
//   for pc in K step KC, for jc in N step NC:  pack op(B)[KC, NC] into 4-column panels (kc × 4, contiguous)
//     for ic in M step MC:                     pack op(A)[MC, KC] into 4-row panels (kc × 4, contiguous)
//       for each A panel, for each B panel:    a 4 × 4 tile of C in 16 local variables over kc
// Packing makes every inner-loop read sequential whatever the transposes and leading dimensions are, and the tile
// reuses each loaded value 4 times (the naive i-k-j loop loads and stores C once per multiply-add).
// Packed panels are Float64Array: float32 inputs are held exactly and sums are formed in double, which keeps the
// Float64Array path (gradient checks) exact to double rounding. Buffers grow once and are reused.
// gemmBf16 is the same loop with every value rounded to bf16 as it is packed (./bf16.ts), or, for an operand given
// as bf16 bits (Uint16Array), widened to the value the bits stand for: products of bf16 values are exact in double,
// so it computes Σ bf16(a)·bf16(b) with double sums, the reference for the native fp32 ones.
import type { FloatArray } from '../types';
import { bf16Value, roundBf16 } from './bf16';
import * as check from './check';

const MR = 4,
  NR = 4;
const KC = 256,
  NC = 512,
  MC = 64; // B block KC·NC·8 = 1 MiB, A block MC·KC·8 = 128 KiB
let packA = new Float64Array(0),
  packB = new Float64Array(0);

export function gemm(
  transA: boolean,
  transB: boolean,
  M: number,
  N: number,
  K: number,
  alpha: number,
  A: FloatArray,
  lda: number,
  B: FloatArray,
  ldb: number,
  beta: number,
  C: FloatArray,
  ldc: number,
): void {
  validate('gemm', transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  product([null, null], transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

type Operand = FloatArray | Uint16Array;
type Read = ((x: number) => number) | null;

// gemm's arguments with A and B as gemmBf16 takes them.
type Args = [
  transA: boolean,
  transB: boolean,
  M: number,
  N: number,
  K: number,
  alpha: number,
  A: Operand,
  lda: number,
  B: Operand,
  ldb: number,
  beta: number,
  C: FloatArray,
  ldc: number,
];

/** Backend.gemmBf16: A and B rounded to bf16 as packed, or, given as bf16 bits, read as the values they stand for. */
export function gemmBf16(...args: Args): void {
  validate('gemmBf16', ...args);
  const read = (x: Operand) => (x instanceof Uint16Array ? bf16Value : roundBf16);
  product([read(args[6]), read(args[8])], ...args); // A, B
}

// The blocked product; `read[0]` (or null: as it is) is applied to every value of A as it is packed, `read[1]` to B.
function product(read: [Read, Read], ...args: Args): void {
  const [transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc] = args;
  if (M === 0 || N === 0) return;
  for (let i = 0; i < M; i++) {
    const ci = i * ldc;
    if (beta === 0) C.fill(0, ci, ci + N);
    else if (beta !== 1) for (let j = 0; j < N; j++) C[ci + j] *= beta;
  }
  if (K === 0 || alpha === 0) return;
  const needA = Math.ceil(Math.min(MC, M) / MR) * MR * Math.min(KC, K);
  const needB = Math.ceil(Math.min(NC, N) / NR) * NR * Math.min(KC, K);
  if (packA.length < needA) packA = new Float64Array(needA);
  if (packB.length < needB) packB = new Float64Array(needB);
  // op(A)[i,p] = A[i·aRow + p·aCol]; op(B)[p,j] = B[p·bRow + j·bCol]
  const aRow = transA ? 1 : lda,
    aCol = transA ? lda : 1;
  const bRow = transB ? 1 : ldb,
    bCol = transB ? ldb : 1;
  for (let pc = 0; pc < K; pc += KC) {
    const kc = Math.min(KC, K - pc);
    for (let jc = 0; jc < N; jc += NC) {
      const nc = Math.min(NC, N - jc);
      pack(B, pc * bRow + jc * bCol, nc, kc, bCol, bRow, NR, packB, read[1]);
      for (let ic = 0; ic < M; ic += MC) {
        const mc = Math.min(MC, M - ic);
        pack(A, ic * aRow + pc * aCol, mc, kc, aRow, aCol, MR, packA, read[0]);
        for (let ir = 0; ir < mc; ir += MR) {
          for (let jr = 0; jr < nc; jr += NR) {
            tile4x4(
              kc,
              packA,
              ir * kc,
              packB,
              jr * kc,
              alpha,
              C,
              (ic + ir) * ldc + jc + jr,
              ldc,
              Math.min(MR, mc - ir),
              Math.min(NR, nc - jr),
            );
          }
        }
      }
    }
  }
}

// out[panel][p][l] = read(src[base + (panel·w + l)·laneStride + p·pStride]) for lanes < lanes, 0 past them.
function pack(
  src: Operand,
  base: number,
  lanes: number,
  kc: number,
  laneStride: number,
  pStride: number,
  w: number,
  out: Float64Array,
  read: Read,
): void {
  let o = 0;
  for (let l0 = 0; l0 < lanes; l0 += w) {
    const n = Math.min(w, lanes - l0);
    for (let p = 0; p < kc; p++) {
      const s = base + l0 * laneStride + p * pStride;
      if (read) for (let l = 0; l < n; l++) out[o + l] = read(src[s + l * laneStride]);
      else for (let l = 0; l < n; l++) out[o + l] = src[s + l * laneStride];
      for (let l = n; l < w; l++) out[o + l] = 0;
      o += w;
    }
  }
}

// C[4,4] += alpha · Σ_p a[p,0..3]ᵀ · b[p,0..3]; only the m × n corner is written (edge tiles).
// Unrolled on purpose: 16 accumulators in locals are what makes the reference GEMM fast enough for the JS backend.
// eslint-disable-next-line max-lines-per-function -- a register tile; split, its accumulators would leave locals
function tile4x4(
  kc: number,
  a: Float64Array,
  ai: number,
  b: Float64Array,
  bi: number,
  alpha: number,
  C: FloatArray,
  ci: number,
  ldc: number,
  m: number,
  n: number,
): void {
  let c00 = 0,
    c01 = 0,
    c02 = 0,
    c03 = 0,
    c10 = 0,
    c11 = 0,
    c12 = 0,
    c13 = 0;
  let c20 = 0,
    c21 = 0,
    c22 = 0,
    c23 = 0,
    c30 = 0,
    c31 = 0,
    c32 = 0,
    c33 = 0;
  for (let p = 0; p < kc; p++, ai += 4, bi += 4) {
    const a0 = a[ai],
      a1 = a[ai + 1],
      a2 = a[ai + 2],
      a3 = a[ai + 3];
    const b0 = b[bi],
      b1 = b[bi + 1],
      b2 = b[bi + 2],
      b3 = b[bi + 3];
    c00 += a0 * b0;
    c01 += a0 * b1;
    c02 += a0 * b2;
    c03 += a0 * b3;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c12 += a1 * b2;
    c13 += a1 * b3;
    c20 += a2 * b0;
    c21 += a2 * b1;
    c22 += a2 * b2;
    c23 += a2 * b3;
    c30 += a3 * b0;
    c31 += a3 * b1;
    c32 += a3 * b2;
    c33 += a3 * b3;
  }
  if (m === 4 && n === 4) {
    C[ci] += alpha * c00;
    C[ci + 1] += alpha * c01;
    C[ci + 2] += alpha * c02;
    C[ci + 3] += alpha * c03;
    ci += ldc;
    C[ci] += alpha * c10;
    C[ci + 1] += alpha * c11;
    C[ci + 2] += alpha * c12;
    C[ci + 3] += alpha * c13;
    ci += ldc;
    C[ci] += alpha * c20;
    C[ci + 1] += alpha * c21;
    C[ci + 2] += alpha * c22;
    C[ci + 3] += alpha * c23;
    ci += ldc;
    C[ci] += alpha * c30;
    C[ci + 1] += alpha * c31;
    C[ci + 2] += alpha * c32;
    C[ci + 3] += alpha * c33;
    return;
  }
  const rows = [
    [c00, c01, c02, c03],
    [c10, c11, c12, c13],
    [c20, c21, c22, c23],
    [c30, c31, c32, c33],
  ];
  for (let i = 0; i < m; i++, ci += ldc) for (let j = 0; j < n; j++) C[ci + j] += alpha * rows[i][j];
}
/** Multiply-adds per slice of gemmAsync: a few milliseconds of the JS kernel between two turns of the event loop. */
const ASYNC_SLICE = 1 << 22;

/** gemm without blocking the event loop, with the native backend's contract: A, B and C are read at the call
 *  (copied), C is written when the promise resolves. The product runs in slices of rows of C of about
 *  ASYNC_SLICE multiply-adds, yielding to the event loop (setImmediate) between slices. */
export async function gemmAsync(
  transA: boolean,
  transB: boolean,
  M: number,
  N: number,
  K: number,
  alpha: number,
  A: FloatArray,
  lda: number,
  B: FloatArray,
  ldb: number,
  beta: number,
  C: FloatArray,
  ldc: number,
): Promise<void> {
  validate('gemmAsync', transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  const a = A.slice(),
    b = B.slice(),
    c = C.slice();
  const rowsPerSlice = Math.max(1, Math.floor(ASYNC_SLICE / Math.max(1, N * K)));
  for (let i0 = 0; i0 < M; i0 += rowsPerSlice) {
    const rows = Math.min(rowsPerSlice, M - i0);
    // op(A) rows i0.. start at element i0·lda (A [M, K]) or i0 (A stored [K, M]); C rows at i0·ldc.
    const aRows = a.subarray(transA ? i0 : i0 * lda);
    gemm(transA, transB, rows, N, K, alpha, aRows, lda, b, ldb, beta, c.subarray(i0 * ldc), ldc);
    if (i0 + rows < M) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (C.length < c.length) throw new RangeError('gemmAsync: C was detached or resized while the product ran');
  C.set(c);
}

function validate(
  fn: string,
  transA: unknown,
  transB: unknown,
  M: unknown,
  N: unknown,
  K: unknown,
  alpha: unknown,
  A: unknown,
  lda: unknown,
  B: unknown,
  ldb: unknown,
  beta: unknown,
  C: unknown,
  ldc: unknown,
): void {
  const ta = check.bool(fn, 'transA', transA),
    tb = check.bool(fn, 'transB', transB);
  const m = check.size(fn, 'M', M),
    n = check.size(fn, 'N', N),
    k = check.size(fn, 'K', K);
  check.finite(fn, 'alpha', alpha);
  const la = check.size(fn, 'lda', lda),
    lb = check.size(fn, 'ldb', ldb);
  check.finite(fn, 'beta', beta);
  const lc = check.size(fn, 'ldc', ldc);
  const aRows = ta ? k : m,
    aCols = ta ? m : k,
    bRows = tb ? n : k,
    bCols = tb ? k : n;
  const ld = (v: number, cols: number, name: string, stored: string) => {
    const min = Math.max(1, cols);
    if (v < min) throw new RangeError(`${fn}: ${name} must be at least ${min} (the width of ${stored}), got ${v}`);
  };
  ld(la, aCols, 'lda', ta ? 'A stored [K, M]' : 'A stored [M, K]');
  ld(lb, bCols, 'ldb', tb ? 'B stored [N, K]' : 'B stored [K, N]');
  ld(lc, n, 'ldc', 'C [M, N]');
  const usesAB = m > 0 && n > 0 && k > 0;
  const operand = fn === 'gemmBf16' ? check.floatsOrBf16 : check.floats; // gemmBf16 also takes bf16 bits
  const a = operand(fn, 'A', A, usesAB ? check.extent(aRows, aCols, la) : 0);
  const b = operand(fn, 'B', B, usesAB ? check.extent(bRows, bCols, lb) : 0);
  const c = check.floats(fn, 'C', C, check.extent(m, n, lc));
  check.disjoint(fn, 'C', c, 'A', a);
  check.disjoint(fn, 'C', c, 'B', b);
}
