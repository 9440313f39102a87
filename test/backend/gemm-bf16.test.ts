// gemmBf16: C = alpha·bf16(op(A))·bf16(op(B)) + beta·C with fp32 sums, against a float64 reference computed from
// inputs rounded by the test's own bf16 rounding (helpers/bf16.ts): the rounding rules on chosen values (ties,
// NaN, Inf, overflow, denormals) through both packers (values as lanes of A and of B, in the low and the high half
// of a k pair), every edge tile, transposes, alpha/beta, untouched padding, the MLP shapes on the thread pool, and
// the fallback when AVX512_BF16 is capped off (NNKIT_SIMD=avx512, a child process). Under `npm test`'s SIMD caps
// this file also runs the emulation on the AVX2, SSE2 and scalar fp32 kernels.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/types';
import { describeEachBackend, describeNative } from '../helpers/backends';
import { bf16Reference, roundedCopy } from '../helpers/bf16';
import { gemmReference, type GemmCase as Case } from '../helpers/gemm-reference';
import { rng, uniform, worstRatio } from '../helpers/random';

// [x, bf16(x)] with the expected roundings written out (bf16 keeps 7 mantissa bits: ulp(1) = 2^-7).
const ROUNDING: [number, number][] = [
  [1 + 2 ** -8, 1], // tie, to the even 1
  [1 + 3 * 2 ** -8, 1 + 2 ** -6], // tie, to the even 1 + 2^-6
  [1 + 2 ** -8 + 2 ** -20, 1 + 2 ** -7], // just above the tie: up
  [1 + 2 ** -8 - 2 ** -20, 1], // just below: down
  [-(1 + 3 * 2 ** -8), -(1 + 2 ** -6)],
  [3.140625, 3.140625], // exact in bf16
  [Infinity, Infinity],
  [-Infinity, -Infinity],
  [3.4028234663852886e38, Infinity], // the largest float32 rounds past the largest bf16
  [3.3895313892515355e38, 3.3895313892515355e38], // the largest bf16
  [2 ** -126, 2 ** -126], // the smallest normal
  [2 ** -140, 0], // a float32 denormal
  [-(2 ** -130), 0],
  [0, 0],
];

function roundThroughGemm(b: Backend, values: number[], asLanesOf: 'A' | 'B', slot: 0 | 1, trans: boolean): number[] {
  const n = values.length;
  const v = new Float32Array(2 * n),
    ones = new Float32Array(2).fill(1);
  // The operand holds each value in k slot `slot` of a K = 2 pair (the other slot 0); the other operand is ones.
  for (let i = 0; i < n; i++) v[trans ? slot * n + i : 2 * i + slot] = values[i];
  const C = new Float32Array(n);
  if (asLanesOf === 'A') b.gemmBf16(trans, false, n, 1, 2, 1, v, trans ? n : 2, ones, 1, 0, C, 1);
  else b.gemmBf16(false, !trans, 1, n, 2, 1, ones, 2, v, trans ? n : 2, 0, C, n);
  return Array.from(C);
}

const SENTINEL = 12345.5;

// Runs one case with padded leading dimensions whose padding must stay untouched; returns the worst error ratio
// (≤ 1: within fp32 summation error of the float64 sum over bf16-rounded inputs).
function check(b: Backend, c: Case, seed: number): number {
  const { tA, tB, M, N, K, alpha, beta, pad } = c;
  const lda = (tA ? M : K) + pad,
    ldb = (tB ? K : N) + pad,
    ldc = N + pad;
  const A = uniform((tA ? K : M) * lda, seed),
    B = uniform((tB ? N : K) * ldb, seed + 1);
  const C = uniform(M * ldc, seed + 2);
  for (let i = 0; i < M; i++) for (let j = N; j < ldc; j++) C[i * ldc + j] = SENTINEL;
  const want = gemmReference(tA, tB, M, N, K, alpha, roundedCopy(A), lda, roundedCopy(B), ldb, beta, C, ldc);
  b.gemmBf16(tA, tB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  for (let i = 0; i < M; i++) for (let j = N; j < ldc; j++) if (C[i * ldc + j] !== SENTINEL) return Infinity;
  const atol = 1e-5 * Math.sqrt(K + 1) * 4 * (Math.abs(alpha) + Math.abs(beta) + 1);
  return worstRatio(C, want, atol, 1e-5);
}

describe('bf16 reference rounding (test helper)', () => {
  it('rounds the chosen values as written out', () => {
    for (const [x, want] of ROUNDING) expect(bf16Reference(x)).toBe(want);
    expect(bf16Reference(NaN)).toBeNaN();
  });
});

describeEachBackend('gemmBf16', (b) => {
  it('rounds inputs to nearest even, keeps Inf and NaN, overflows to Inf, flushes denormals, in every packer', () => {
    const values = [...ROUNDING.map(([x]) => x), NaN];
    const want = [...ROUNDING.map(([, r]) => r), NaN];
    for (const operand of ['A', 'B'] as const)
      for (const slot of [0, 1] as const)
        for (const trans of [false, true]) {
          const got = roundThroughGemm(b, values, operand, slot, trans);
          expect(got, `${operand} slot ${slot} trans ${trans}`).toEqual(want);
        }
  });

  it('every edge tile (m, n past whole 14 × 32 and 4 × 4 tiles), k odd and past a pair block, transposes, alpha/beta', () => {
    const r = rng(17);
    const ms = [1, 2, 3, 5, 13, 14, 15, 27, 28, 29];
    const ns = [1, 2, 7, 15, 16, 17, 31, 32, 33, 47, 48, 49];
    const ks = [1, 2, 3, 64, 129, 511, 513, 1025];
    let seed = 1,
      worst = 0,
      worstCase: Case | undefined;
    for (const M of ms)
      for (const N of ns) {
        const K = ks[Math.floor(r() * ks.length)];
        const c: Case = {
          tA: r() < 0.5,
          tB: r() < 0.5,
          M,
          N,
          K,
          alpha: [1, 0.5, -2][seed % 3],
          beta: [0, 1, -0.5][seed % 3],
          pad: seed % 3,
        };
        const e = check(b, c, (seed += 3));
        if (!(e <= worst)) {
          worst = e;
          worstCase = c;
        }
      }
    expect(worst, JSON.stringify(worstCase)).toBeLessThanOrEqual(1);
  });

  it('the dense-layer shapes of the bench MLP, on the thread pool (column and row splits)', () => {
    const cases: Case[] = [
      { tA: false, tB: true, M: 128, N: 512, K: 784, alpha: 1, beta: 0, pad: 0 }, // y = x·Wᵀ
      { tA: false, tB: false, M: 128, N: 784, K: 512, alpha: 1, beta: 0, pad: 0 }, // dx = dy·W
      { tA: true, tB: false, M: 512, N: 784, K: 128, alpha: 1, beta: 1, pad: 0 }, // dW += dyᵀ·x
      { tA: false, tB: false, M: 700, N: 40, K: 300, alpha: 1, beta: 0, pad: 1 }, // tall: row split
    ];
    cases.forEach((c, i) => expect(check(b, c, 100 + 7 * i), JSON.stringify(c)).toBeLessThanOrEqual(1));
  });

  it('differs from the fp32 product by the input rounding (the test can tell bf16 from fp32)', () => {
    const M = 20,
      N = 20,
      K = 200;
    const A = uniform(M * K, 5),
      B = uniform(K * N, 6);
    const C = new Float32Array(M * N);
    b.gemmBf16(false, false, M, N, K, 1, A, K, B, N, 0, C, N);
    const exact = gemmReference(false, false, M, N, K, 1, A, K, B, N, 0, new Float32Array(M * N), N);
    expect(worstRatio(C, exact, 1e-5 * Math.sqrt(K + 1) * 4, 1e-5)).toBeGreaterThan(5);
  });

  it('names the argument that is wrong', () => {
    const A = new Float32Array(5),
      B = new Float32Array(6),
      C = new Float32Array(4);
    expect(() => b.gemmBf16(false, false, 2, 2, 3, 1, A, 3, B, 2, 0, C, 2)).toThrow(/gemmBf16.*A/);
    expect(() => b.gemmBf16(false, false, 2, 2, 3, 1, new Float32Array(6), 2, B, 2, 0, C, 2)).toThrow(/lda/);
  });
});

// What the CPU has, read independently of the addon.
function cpuHasAvx512Bf16(): boolean {
  try {
    return /\bavx512_bf16\b/.test(fs.readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    return false;
  }
}

describeNative('gemmBf16 dispatch', (b) => {
  it('runs AVX512_BF16 exactly when the CPU has it and NNKIT_SIMD does not cap it', () => {
    const cap = process.env.NNKIT_SIMD;
    if (!cap && fs.existsSync('/proc/cpuinfo')) expect(b.info().bf16).toBe(cpuHasAvx512Bf16());
    if (cap && cap !== 'avx512bf16') expect(b.info().bf16).toBe(false);
  });

  it('under NNKIT_SIMD=avx512 (AVX-512 without its bf16 part) emulates it on fp32 kernels with the same results', () => {
    const M = 30,
      N = 50,
      K = 77;
    const A = uniform(M * K, 41),
      B = uniform(N * K, 42);
    const script = `
      const backend = require('node-gyp-build')(${JSON.stringify(path.join(__dirname, '..', '..'))});
      const A = Float32Array.from(${JSON.stringify(Array.from(A))}), B = Float32Array.from(${JSON.stringify(Array.from(B))});
      const C = new Float32Array(${M * N});
      backend.gemmBf16(false, true, ${M}, ${N}, ${K}, 1, A, ${K}, B, ${K}, 0, C, ${N});
      console.log(JSON.stringify({ info: backend.info(), C: Array.from(C) }));`;
    const r = spawnSync(process.execPath, ['-e', script], {
      env: { ...process.env, NNKIT_SIMD: 'avx512' },
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { info: { bf16: boolean; simd: string }; C: number[] };
    expect(out.info.bf16).toBe(false);
    const want = gemmReference(
      false,
      true,
      M,
      N,
      K,
      1,
      roundedCopy(A),
      K,
      roundedCopy(B),
      K,
      0,
      new Float32Array(M * N),
      N,
    );
    expect(worstRatio(out.C, want, 1e-5 * Math.sqrt(K + 1) * 4, 1e-5)).toBeLessThanOrEqual(1);
  });
});
