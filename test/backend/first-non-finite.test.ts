// firstNonFinite, the input check of every prediction: the index of the first NaN or ±Infinity, -1 when every
// value is finite, over lengths around the native kernel's 64-value blocks, with the bad value at the start, inside
// and at the end of a block, in the tail, and past n (not looked at).
import { expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/backends';
import { uniform } from '../helpers/random';

describeEachBackend('firstNonFinite', (b) => {
  it('finds the first NaN / ±Infinity at every kind of position; -1 when all are finite', () => {
    for (const n of [0, 1, 5, 63, 64, 65, 127, 128, 200, 784 * 3]) {
      const x = uniform(n + 2, n, -3e38, 3e38); // large finite values stay finite
      expect(b.firstNonFinite(n, x), `n=${n}`).toBe(-1);
      for (const at of new Set([0, 1, 62, 63, 64, 65, 128, n - 2, n - 1].filter((i) => i >= 0 && i < n)))
        for (const bad of [NaN, Infinity, -Infinity]) {
          const y = x.slice();
          y[at] = bad;
          if (at + 5 < n) y[at + 5] = NaN; // a later one does not matter
          expect(b.firstNonFinite(n, y), `n=${n} at=${at} ${bad}`).toBe(at);
        }
      x[n] = NaN; // past n: not looked at
      expect(b.firstNonFinite(n, x), `n=${n}, NaN past it`).toBe(-1);
    }
  });

  it('bad arguments: n past the array, not a float array', () => {
    expect(() => b.firstNonFinite(4, new Float32Array(3))).toThrow(/firstNonFinite: x needs at least 4/);
    expect(() => b.firstNonFinite(1, [1] as unknown as Float32Array)).toThrow(/firstNonFinite: x must be/);
  });
});
