// The small-batch products: gemm with transB and M ≤ 16 (the skinny kernel on native: dot products over the
// weights as stored, bias/ReLU epilogue, N split over threads) and linearForward, y = act(x·wᵀ + b), against a
// float64 reference. Run under each NNKIT_SIMD cap by `npm test`, so the AVX-512, AVX2, SSE2 and scalar variants all
// meet these shapes (the NEON one: gemm-neon.test.ts).
import { describe, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/backends';
import { checkGemm } from '../helpers/gemm-reference';
import { linearReference } from '../helpers/linear-reference';
import { uniform, worstRatio } from '../helpers/random';

describeEachBackend('gemm, few rows (transB: a dense layer at small batch)', (b) => {
  it('M = 1..16 × N around the 4- and 8-row weight tiles × K around the vector widths, alpha/beta, padding', () => {
    let seed = 1,
      worst = 0,
      where = '';
    for (let M = 1; M <= 17; M++)
      for (const N of [1, 3, 4, 7, 8, 9, 12, 17, 33])
        for (const K of [1, 3, 4, 7, 8, 15, 16, 17, 31, 33, 64, 70]) {
          const c = {
            tA: false,
            tB: true,
            M,
            N,
            K,
            alpha: [1, -0.5, 2][seed % 3],
            beta: [0, 1, 0.25][(seed % 4) % 3],
            pad: seed % 3,
          };
          const r = checkGemm(b.gemm, c, seed++);
          if (!(r <= worst)) [worst, where] = [r, JSON.stringify(c)];
        }
    expect(worst, where).toBeLessThanOrEqual(1);
  });

  it('layer-sized products (the bench MLP, N split over threads on native), beta 0 and 1', () => {
    for (const [M, N, K] of [
      [1, 512, 784],
      [3, 256, 512],
      [8, 1000, 300],
      [16, 10, 256],
    ]) {
      for (const beta of [0, 1])
        expect(
          checkGemm(b.gemm, { tA: false, tB: true, M, N, K, alpha: 1, beta, pad: 3 }, M + N + K),
        ).toBeLessThanOrEqual(1);
    }
  });
});

describeEachBackend('linearForward', (b) => {
  // w [N, K] → [K, N], for the wOutIn = false layout (a frozen model's transposed copy).
  const transpose = (w: Float32Array, N: number, K: number): Float32Array => {
    const t = new Float32Array(N * K);
    for (let j = 0; j < N; j++) for (let p = 0; p < K; p++) t[p * N + j] = w[j * K + p];
    return t;
  };

  it('y = act(x·op(w) + b), w [N,K] or [K,N], few and many rows (around the 8- and 4-vector column tiles), bias, act', () => {
    let seed = 11;
    for (const [M, N, K] of [
      [1, 1, 1],
      [1, 9, 17],
      [1, 129, 70],
      [2, 33, 70],
      [2, 130, 9],
      [3, 65, 33],
      [5, 8, 16],
      [8, 70, 31],
      [9, 33, 20],
      [16, 300, 200],
      [17, 40, 33],
      [64, 70, 50],
    ])
      for (const wOutIn of [true, false])
        for (const bias of [true, false])
          for (const act of ['identity', 'relu'] as const) {
            const x = uniform(M * K, seed++),
              w = uniform(N * K, seed++),
              bv = bias ? uniform(N, seed++) : null;
            const y = new Float32Array(M * N).fill(NaN);
            b.linearForward(M, N, K, x, wOutIn ? w : transpose(w, N, K), wOutIn, bv, act, y);
            const want = linearReference(M, N, K, x, w, bv, act === 'relu');
            const where = `${M}x${N}x${K} ${act} wOutIn=${wOutIn}`;
            expect(worstRatio(y, want, 1e-5 * Math.sqrt(K + 1) * 4, 1e-5), where).toBeLessThanOrEqual(1);
            if (act === 'relu' && M * N >= 8) expect(Math.min(...y)).toBe(0); // some were negative before the ReLU
          }
  });

  it('the bench MLP layer at batch 1..8 with w [K,N] (the frozen batch-1 path, N split over threads on native)', () => {
    const [N, K] = [512, 784];
    for (const M of [1, 2, 4, 8]) {
      const x = uniform(M * K, M),
        w = uniform(N * K, M + 1),
        bv = uniform(N, M + 2),
        y = new Float32Array(M * N);
      b.linearForward(M, N, K, x, transpose(w, N, K), false, bv, 'relu', y);
      const want = linearReference(M, N, K, x, w, bv, true);
      expect(worstRatio(y, want, 1e-5 * Math.sqrt(K + 1) * 4, 1e-5), `M=${M}`).toBeLessThanOrEqual(1);
    }
  });

  it('NaN in x reaches y through the ReLU (relu keeps NaN), only y′s M×N values are written', () => {
    const x = new Float32Array([1, NaN, 2, 3]),
      w = new Float32Array([1, 1, -1, -1]),
      y = new Float32Array(5).fill(7);
    b.linearForward(2, 2, 2, x, w, true, null, 'relu', y.subarray(0, 4));
    expect(Array.from(y)).toEqual([NaN, NaN, 5, 0, 7]);
  });

  it('bad arguments: short arrays, unsupported activation, y overlapping w', () => {
    const x = new Float32Array(6),
      w = new Float32Array(6),
      y = new Float32Array(4);
    expect(() => b.linearForward(2, 2, 3, x, w.subarray(0, 5), true, null, 'relu', y)).toThrow(
      /linearForward: w needs at least 6/,
    );
    expect(() => b.linearForward(2, 2, 3, x, w, false, new Float32Array(1), 'relu', y)).toThrow(
      /linearForward: bias needs/,
    );
    expect(() => b.linearForward(2, 2, 3, x, w, true, null, 'tanh', y)).toThrow(/kind must be identity or relu/);
    expect(() => b.linearForward(2, 2, 3, x, w, true, null, 'nope' as 'relu', y)).toThrow(/kind must be one of/);
    expect(() => b.linearForward(2, 2, 3, x, w, false, null, 'relu', y.subarray(0, 3))).toThrow(/y needs at least 4/);
    expect(() => b.linearForward(2, 2, 3, x, w, 1 as unknown as boolean, null, 'relu', y)).toThrow(
      /wOutIn must be a boolean/,
    );
    const shared = new Float32Array(12);
    expect(() => b.linearForward(2, 2, 3, x, shared.subarray(0, 6), true, null, 'relu', shared.subarray(4, 8))).toThrow(
      /overlap/,
    );
  });
});

describe('reference sanity', () => {
  it('linearReference computes a known 1×2 product', () => {
    const y = linearReference(
      1,
      2,
      2,
      new Float32Array([1, 2]),
      new Float32Array([3, 4, -5, 6]),
      new Float32Array([0.5, -8]),
      true,
    );
    expect(Array.from(y)).toEqual([11.5, 0]);
  });
});
