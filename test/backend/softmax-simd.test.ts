// Softmax and fused softmax cross-entropy against the JS backend run in float64 on the same float32 logits, for
// class counts below, at, above and multiples of each SIMD width, huge and −inf logits, in place, and NaN.
// `npm test` repeats it for every NNKIT_SIMD cap.
import { expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/backends';
import { uniform, worstRatio } from '../helpers/random';
import { jsBackend } from '../../src/backend/js';

// z − max(z) is formed in float32 (as PyTorch's float32 softmax does): |z − m| ≤ 40 here, so that rounding alone
// moves e^(z−m) by up to 40·2^-24 ≈ 2.4e-6 relative; the exp itself adds < 1e-7 (test/backend/exp.test.ts).
const RTOL = 4e-6;
const CLASSES = [1, 2, 3, 4, 5, 7, 8, 9, 10, 15, 16, 17, 31, 33, 100, 1000];

function logits(N: number, C: number, seed: number): Float32Array {
  const z = uniform(N * C, seed, -20, 20);
  if (C >= 4) {
    z[1] = 80;
    z[2] = -Infinity;
    z[N * C - 1] = -90;
  } // exp would overflow / underflow unshifted
  return z;
}

describeEachBackend('softmax kernels vs the float64 reference', (b) => {
  for (const C of CLASSES) {
    it(`softmax and cross-entropy with C = ${C}`, () => {
      const N = 5,
        z = logits(N, C, C);
      const p = new Float32Array(N * C),
        p64 = new Float64Array(N * C);
      b.softmax(N, C, z, p);
      jsBackend.softmax(N, C, Float64Array.from(z), p64);
      expect(worstRatio(p, p64, 1e-37, RTOL), 'p').toBeLessThanOrEqual(1);
      const inPlace = z.slice();
      b.softmax(N, C, inPlace, inPlace);
      for (let i = 0; i < N * C; i++) if (!Object.is(inPlace[i], p[i])) expect.fail(`in place [${i}]`);

      const labels = Int32Array.from({ length: N }, (_, i) => (i * 7) % C);
      const d = new Float32Array(N * C),
        d64 = new Float64Array(N * C);
      const loss = b.softmaxCrossEntropy(N, C, z, labels, d);
      const loss64 = jsBackend.softmaxCrossEntropy(N, C, Float64Array.from(z), labels, d64);
      expect(Math.abs(loss - loss64)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(loss64)));
      // The target entry (p − 1)/N cancels where p ≈ 1: its error is p's (RTOL·p), divided by N.
      expect(worstRatio(d, d64, RTOL / N, RTOL), 'dlogits').toBeLessThanOrEqual(1);
      expect(b.softmaxCrossEntropy(N, C, z, labels, null)).toBe(loss);
    });
  }

  // Native splits the rows into blocks of ~2^16 logits (1 row each when C > 2^16) and, from 2^18 logits, runs the
  // blocks on the pool: block edges inside the batch, a short last block, and the loss summed over blocks.
  for (const [N, C] of [
    [300, 4000],
    [17, 70000],
    [1030, 1024],
    [5, 65537],
  ] as const) {
    it(`softmax and cross-entropy over row blocks, [${N}, ${C}]`, () => {
      // The row sum Σ e^(z − m) is a float sum of C terms per SIMD lane (1 lane on scalar): its rounding, ~√C·2^-24
      // relative in practice, adds to RTOL at these widths (a wrong block edge or scale would be off by far more).
      const rtol = RTOL + 4 * Math.sqrt(C) * 2 ** -24;
      const z = logits(N, C, N + C),
        p = new Float32Array(N * C),
        p64 = new Float64Array(N * C);
      b.softmax(N, C, z, p);
      jsBackend.softmax(N, C, Float64Array.from(z), p64);
      expect(worstRatio(p, p64, 1e-37, rtol), 'p').toBeLessThanOrEqual(1);
      const labels = Int32Array.from({ length: N }, (_, i) => (i * 7919) % C);
      const d = new Float32Array(N * C),
        d64 = new Float64Array(N * C);
      const loss = b.softmaxCrossEntropy(N, C, z, labels, d);
      const loss64 = jsBackend.softmaxCrossEntropy(N, C, Float64Array.from(z), labels, d64);
      expect(Math.abs(loss - loss64)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(loss64)));
      expect(worstRatio(d, d64, rtol / N, rtol), 'dlogits').toBeLessThanOrEqual(1);
      expect(b.softmaxCrossEntropy(N, C, z, labels, null)).toBe(loss);
    });
  }

  it('writes exactly N·C values', () => {
    for (const C of [3, 9, 17]) {
      const N = 2,
        z = logits(N, C, 1),
        out = new Float32Array(N * C + 6).fill(5);
      b.softmax(N, C, z, out.subarray(0, N * C));
      b.softmaxCrossEntropy(N, C, z, new Int32Array([0, C - 1]), out.subarray(0, N * C));
      expect(Array.from(out.subarray(N * C))).toEqual(new Array(6).fill(5));
    }
  });

  it('a NaN logit makes its own row NaN and only that row', () => {
    const N = 3,
      C = 19,
      z = logits(N, C, 4),
      p = new Float32Array(N * C);
    z[C + 5] = NaN;
    b.softmax(N, C, z, p);
    expect(p.subarray(C, 2 * C).every(Number.isNaN)).toBe(true);
    expect([...p.subarray(0, C), ...p.subarray(2 * C)].every(Number.isFinite)).toBe(true);
  });
});
