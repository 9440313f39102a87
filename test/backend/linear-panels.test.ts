// linearForwardPanels: y = act(x·wᵀ + b) with w in full-K panels of P columns (a frozen model's weights on native:
// the layout the skinny kernel, up to 8 rows, and the packed GEMM, past 8, read in place), against a float64
// reference on w [N, K]. Native takes its own width, info().panel (32 AVX-512, 16 AVX2, 8 SSE2/NEON, 4 scalar):
// `npm test` runs this file under each NNKIT_SIMD cap, so every variant meets these shapes. The JS reference takes
// any width.
import { expect, it } from 'vitest';
import type { Backend } from '../../src/backend/types';
import { describeEachBackend } from '../helpers/backends';
import { linearReference } from '../helpers/linear-reference';
import { uniform, worstRatio } from '../helpers/random';

// w [N, K] → [⌈N/P⌉, K, P], panel i = rows i·P … of w as columns, padding `pad` (0 is what a frozen model writes).
function panels(w: Float32Array, N: number, K: number, P: number, offset = 0, pad = 0): Float32Array {
  const out = new Float32Array(offset + Math.ceil(N / P) * K * P).fill(pad).subarray(offset);
  for (let j = 0; j < N; j++)
    for (let p = 0; p < K; p++) out[Math.floor(j / P) * K * P + p * P + (j % P)] = w[j * K + p];
  return out;
}

function check(b: Backend, M: number, N: number, K: number, P: number, seed: number, offset = 0): void {
  for (const bias of [true, false])
    for (const act of ['identity', 'relu'] as const) {
      const x = uniform(M * K, seed),
        w = uniform(N * K, seed + 1),
        bv = bias ? uniform(N, seed + 2) : null;
      const y = new Float32Array(M * N + 3).fill(NaN);
      b.linearForwardPanels(M, N, K, x, panels(w, N, K, P, offset), P, bv, act, y.subarray(0, M * N));
      const want = linearReference(M, N, K, x, w, bv, act === 'relu');
      const where = `${M}x${N}x${K} P=${P} ${act} bias=${bias} offset=${offset}`;
      expect(worstRatio(y.subarray(0, M * N), want, 1e-5 * Math.sqrt(K + 1) * 4, 1e-5), where).toBeLessThanOrEqual(1);
      expect(Array.from(y.subarray(M * N)), where).toEqual([NaN, NaN, NaN]); // nothing past y's M×N values
      if (act === 'relu' && M * N >= 8) expect(Math.min(...y.subarray(0, M * N))).toBe(0);
    }
}

describeEachBackend('linearForwardPanels', (b) => {
  const widths = b.info().panel > 0 ? [b.info().panel] : [1, 4, 8, 32];

  it('rows around the skinny/GEMM switch (8) and the GEMM tile heights, columns around the panel and tile widths', () => {
    let seed = 3;
    for (const P of widths)
      for (const [M, N, K] of [
        [1, 1, 1],
        [1, 9, 17],
        [1, 129, 70],
        [1, 10, 256],
        [1, 4, 70],
        [1, 16, 5],
        [2, 33, 70],
        [3, 65, 33],
        [4, 300, 7],
        [8, 70, 31],
        [9, 33, 20],
        [14, 32, 16],
        [15, 100, 33],
        [17, 40, 600],
        [33, 257, 9],
        [64, 70, 50],
      ])
        check(b, M, N, K, P, (seed += 3));
  });

  it('the bench MLP layers (threads split rows or columns on native), weights off the cache-line grid', () => {
    for (const P of widths)
      for (const [M, N, K, offset] of [
        [1, 512, 784, 0],
        [8, 256, 512, 0],
        [64, 512, 784, 0],
        [256, 256, 512, 0],
        [300, 10, 256, 0],
        [1, 512, 300, 4],
        [40, 100, 64, 4],
      ])
        check(b, M, N, K, P, M + N + K, offset);
  });

  it('padding columns are never read into y (a NaN there stays out)', () => {
    const P = widths[widths.length - 1],
      [N, K] = [P + 3, 5];
    for (const M of [1, 9, 40]) {
      const x = uniform(M * K, M),
        w = uniform(N * K, M + 1),
        y = new Float32Array(M * N);
      b.linearForwardPanels(M, N, K, x, panels(w, N, K, P, 0, NaN), P, null, 'identity', y);
      const want = linearReference(M, N, K, x, w, null, false);
      expect(worstRatio(y, want, 1e-5 * Math.sqrt(K + 1) * 4, 1e-5), `M=${M}`).toBeLessThanOrEqual(1);
    }
  });

  it('bad arguments: short w, wrong panel width on native, unsupported activation, y overlapping w', () => {
    const P = widths[0],
      x = new Float32Array(6),
      w = new Float32Array(Math.ceil(2 / P) * 3 * P),
      y = new Float32Array(4);
    expect(() => b.linearForwardPanels(2, 2, 3, x, w.subarray(0, w.length - 1), P, null, 'relu', y)).toThrow(
      /linearForwardPanels: w needs at least/,
    );
    expect(() => b.linearForwardPanels(2, 2, 3, x, w, 0, null, 'relu', y)).toThrow(/linearForwardPanels: panel/);
    if (b.info().panel > 0)
      expect(() => b.linearForwardPanels(2, 2, 3, x, w, P + 1, null, 'relu', y)).toThrow(
        new RegExp(`panel must be ${P} \\(info\\(\\)\\.panel\\)`),
      );
    expect(() => b.linearForwardPanels(2, 2, 3, x, w, P, null, 'tanh', y)).toThrow(/kind must be identity or relu/);
    expect(() => b.linearForwardPanels(2, 2, 3, x, w, P, null, 'relu', w.subarray(0, 4))).toThrow(/overlap/);
  });
});
