// gatherRows(rows, cols, src, srcRows, index, dst): dst row i = src row index[i], against a naive double loop.
import { describe, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/backends';

function naive(rows: number, cols: number, src: Float32Array, index: Int32Array): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = src[index[i] * cols + j];
  return out;
}

describeEachBackend('gatherRows', (b) => {
  it('copies the indexed rows in order, repeats included, for widths around the prefetch and copy sizes', () => {
    for (const [rows, srcRows, cols] of [
      [1, 1, 1],
      [3, 5, 7],
      [128, 300, 784],
      [17, 40, 16],
      [5, 9, 0],
    ]) {
      const src = Float32Array.from({ length: srcRows * cols }, (_, i) => i * 0.5 - 3);
      const index = Int32Array.from({ length: rows }, (_, i) => (i * 7919 + 3) % srcRows);
      if (rows > 2) index[2] = index[0]; // a repeated row
      const dst = new Float32Array(rows * cols).fill(NaN);
      b.gatherRows(rows, cols, src, srcRows, index, dst);
      expect(dst).toEqual(naive(rows, cols, src, index));
    }
  });

  it('leaves dst past rows·cols untouched', () => {
    const src = Float32Array.from({ length: 12 }, (_, i) => i + 1);
    const dst = new Float32Array(8).fill(-1);
    b.gatherRows(2, 3, src, 4, new Int32Array([3, 1]), dst);
    expect(Array.from(dst)).toEqual([10, 11, 12, 4, 5, 6, -1, -1]);
  });

  it('refuses an index outside [0, srcRows), naming it, and a src too short for srcRows', () => {
    const src = new Float32Array(12),
      dst = new Float32Array(6);
    expect(() => b.gatherRows(2, 3, src, 4, new Int32Array([0, 4]), dst)).toThrow(
      /index\[1\] = 4 is outside \[0, srcRows = 4\)/,
    );
    expect(() => b.gatherRows(2, 3, src, 4, new Int32Array([-1, 0]), dst)).toThrow(/index\[0\] = -1/);
    expect(() => b.gatherRows(2, 3, src, 5, new Int32Array([0, 1]), dst)).toThrow(/src/);
    expect(() => b.gatherRows(2, 3, src, 4, new Int32Array([0]), dst)).toThrow(/index/);
  });
});

describe('gatherRows [js] from float64 data', () => {
  it('converts while it copies (the Batcher hands float64 datasets to the JS backend)', async () => {
    const { getBackend } = await import('../../src/backend');
    const src = Float64Array.from([0.1, 0.2, 0.3, 0.4]);
    const dst = new Float32Array(2);
    getBackend('js').gatherRows(1, 2, src, 2, new Int32Array([1]), dst);
    expect(Array.from(dst)).toEqual([Math.fround(0.3), Math.fround(0.4)]);
  });
});
