// Convolution and pooling kernels against the JS backend run in float64 on the same float32 inputs (the JS kernels
// are checked against the formula and finite differences in test/nn/conv2d.test.ts): odd sizes, strides, padding,
// dilation, the 1×1 direct path, batches large enough for native to split samples over threads, accumulation into
// dweight/dbias, nothing written past the outputs; then bad arguments. `npm test` repeats it for every SIMD cap.
import { expect, it } from 'vitest';
import { jsBackend } from '../../src/backend/js';
import type { Backend } from '../../src/backend/types';
import type { Conv2dShape, Pool2dShape } from '../../src/backend/window2d';
import { windowOutput } from '../../src/backend/window2d';
import { describeEachBackend } from '../helpers/backends';
import { uniform, worstRatio } from '../helpers/random';

// [N, C, H, W, OC, kernel, stride, pad, dilation]
const CONV: [number, number, number, number, number, number, number, number, number][] = [
  [1, 1, 1, 1, 1, 1, 1, 0, 1],
  [2, 3, 5, 7, 4, 3, 1, 1, 1],
  [3, 2, 9, 8, 5, 3, 2, 0, 2],
  [4, 5, 6, 6, 3, 1, 1, 0, 1], // 1×1 direct: x is the column matrix
  [2, 4, 6, 6, 3, 1, 2, 0, 1],
  [1, 8, 12, 11, 16, 5, 1, 2, 1],
  [16, 8, 14, 14, 16, 3, 1, 1, 1], // threaded over samples on native
  [7, 3, 28, 28, 8, 3, 1, 1, 1],
  [2, 2, 4, 4, 2, 3, 3, 3, 1], // padding wider than the input
  [3, 2, 9, 8, 5, 3, 1, 2, 2], // stride 1, dilated: backward data as the convolution by the flipped kernel
  [2, 3, 5, 6, 4, 3, 1, 3, 1], // stride 1, padding > kernel − 1: backward data through col2im
  [2, 3, 7, 5, 4, 1, 1, 1, 1], // 1×1 with padding
  [5, 4, 6, 9, 3, 2, 1, 0, 1], // even kernel
  // The implicit forward tile (14 pixels × 32 channels on AVX-512): partial pixel and channel tiles, dilation, 1×1
  [3, 5, 10, 31, 40, 3, 1, 1, 2],
  [1, 3, 6, 20, 33, 1, 1, 0, 1],
  [4, 32, 14, 14, 64, 3, 1, 1, 1], // the bench CNN's second convolution, threaded over output rows
  // Backward data through the tile on the flipped kernel (C ≥ 16): partial channel vector, dilation, 1×1
  [2, 20, 9, 17, 6, 3, 1, 1, 2],
  [2, 16, 5, 7, 3, 1, 1, 0, 1],
  [2, 512, 44, 44, 1, 3, 1, 1, 1], // a sample's channel-last copies > 4 MB: backward filter one sample at a time
  [3, 64, 5, 6, 20, 1, 1, 0, 1], // 1×1 direct with K = 64: backward filter through the tap tile, x_n unpadded
];
const f64 = (a: Float32Array) => Float64Array.from(a);

function convShape(c: (typeof CONV)[number]): { s: Conv2dShape; OC: number; y: number; x: number; w: number } {
  const [N, C, H, W, OC, k, st, p, d] = c;
  const s = {
    N,
    C,
    H,
    W,
    kernelH: k,
    kernelW: k,
    strideH: st,
    strideW: st,
    padH: p,
    padW: p,
    dilationH: d,
    dilationW: d,
  };
  const OH = windowOutput(H, k, st, p, d),
    OW = windowOutput(W, k, st, p, d);
  return { s, OC, x: N * C * H * W, w: OC * C * k * k, y: N * OC * OH * OW };
}

function close(got: Float32Array, want: Float64Array, what: string, n = want.length): void {
  let scale = 1;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(want[i]));
  expect(worstRatio(got.subarray(0, n), want.subarray(0, n), 2e-6 * scale, 2e-5), what).toBeLessThanOrEqual(1);
  for (let i = n; i < got.length; i++) expect(got[i], `${what}: written past the output`).toBe(-7);
}
const guarded = (n: number) => new Float32Array(n + 5).fill(-7);

describeEachBackend('conv2d kernels', (b: Backend) => {
  it('forward, backward data and backward filter (accumulating) match the JS reference', () => {
    CONV.forEach((c, i) => {
      const { s, OC, x: nx, w: nw, y: ny } = convShape(c);
      const x = uniform(nx, i, -2, 2),
        w = uniform(nw, i + 100),
        bias = uniform(OC, i + 200),
        dy = uniform(ny, i + 300);
      const y = guarded(ny),
        ref = new Float64Array(ny);
      b.conv2dForward(s, OC, x, w, bias, y);
      jsBackend.conv2dForward(s, OC, f64(x), f64(w), f64(bias), ref);
      close(y, ref, `forward ${c}`, ny);
      const dx = guarded(nx),
        dxRef = new Float64Array(nx);
      b.conv2dBackwardData(s, OC, dy, w, dx);
      jsBackend.conv2dBackwardData(s, OC, f64(dy), f64(w), dxRef);
      close(dx, dxRef, `backward data ${c}`, nx);
      const dw = guarded(nw).fill(0.5, 0, nw),
        db = guarded(OC).fill(0.25, 0, OC);
      const dwRef = new Float64Array(nw).fill(0.5),
        dbRef = new Float64Array(OC).fill(0.25);
      b.conv2dBackwardFilter(s, OC, x, dy, dw, db);
      jsBackend.conv2dBackwardFilter(s, OC, f64(x), f64(dy), dwRef, dbRef);
      close(dw, dwRef, `backward filter ${c}`, nw);
      close(db, dbRef, `backward bias ${c}`, OC);
      b.conv2dForward(s, OC, x, w, null, y); // no bias
      jsBackend.conv2dForward(s, OC, f64(x), f64(w), null, ref);
      close(y, ref, `forward without bias ${c}`, ny);
    });
  });

  it('max and average pooling match the JS reference, argmax included', () => {
    const cases: [number, number, number, number, number, number, number][] = [
      [1, 1, 2, 2, 2, 2, 0],
      [2, 3, 7, 6, 2, 2, 0],
      [2, 3, 7, 6, 3, 2, 1],
      [3, 2, 5, 9, 3, 1, 1],
      [64, 16, 28, 28, 2, 2, 0], // split over planes on native
      [2, 2, 5, 5, 5, 1, 2],
      [2, 3, 5, 37, 2, 2, 0], // 2×2 / stride 2, odd H and W, 18 outputs a row (native's SIMD rows: 16 + a tail)
    ];
    cases.forEach(([N, C, H, W, k, st, p], i) => {
      const s: Pool2dShape = { N, C, H, W, kernelH: k, kernelW: k, strideH: st, strideW: st, padH: p, padW: p };
      const n = N * C * windowOutput(H, k, st, p) * windowOutput(W, k, st, p),
        nx = N * C * H * W;
      const x = uniform(nx, i, -3, 3),
        dy = uniform(n, i + 1);
      const y = guarded(n),
        yRef = new Float64Array(n),
        argmax = new Int32Array(n),
        argRef = new Int32Array(n);
      b.maxPool2dForward(s, x, y, argmax);
      jsBackend.maxPool2dForward(s, f64(x), yRef, argRef);
      close(y, yRef, `max forward ${s.N},${s.C},${H},${W},${k}`, n);
      expect(Array.from(argmax)).toEqual(Array.from(argRef));
      const dx = guarded(nx),
        dxRef = new Float64Array(nx);
      b.maxPool2dBackward(s, dy, argmax, dx);
      jsBackend.maxPool2dBackward(s, f64(dy), argRef, dxRef);
      close(dx, dxRef, 'max backward', nx);
      b.avgPool2dForward(s, x, y);
      jsBackend.avgPool2dForward(s, f64(x), yRef);
      close(y, yRef, 'avg forward', n);
      b.avgPool2dBackward(s, dy, dx);
      jsBackend.avgPool2dBackward(s, f64(dy), dxRef);
      close(dx, dxRef, 'avg backward', nx);
    });
  });

  it('max-pooling backward scatters to any argmax in the plane, not only to its own window', () => {
    const s: Pool2dShape = { N: 2, C: 1, H: 4, W: 6, kernelH: 2, kernelW: 2, strideH: 2, strideW: 2, padH: 0, padW: 0 };
    const dy = uniform(12, 8);
    const argmax = Int32Array.from([0, 3, 5, 12, 15, 16, 1, 1, 23, 7, 8, 22]); // plane 0 in its windows; 1 not
    const dx = new Float32Array(48).fill(9),
      want = new Float64Array(48);
    b.maxPool2dBackward(s, dy, argmax, dx);
    jsBackend.maxPool2dBackward(s, f64(dy), argmax, want);
    expect(Array.from(dx)).toEqual(Array.from(want, Math.fround));
  });

  it('a NaN in a max-pooling window wins and propagates', () => {
    const s: Pool2dShape = { N: 1, C: 1, H: 2, W: 2, kernelH: 2, kernelW: 2, strideH: 2, strideW: 2, padH: 0, padW: 0 };
    const y = new Float32Array(1),
      argmax = new Int32Array(1);
    b.maxPool2dForward(s, Float32Array.from([1, 5, NaN, 9]), y, argmax);
    expect(y[0]).toBeNaN();
    expect(argmax[0]).toBe(2);
    // a row of windows where some hold NaNs (first NaN wins), ties (first maximum wins) and −∞
    const wide: Pool2dShape = { ...s, H: 4, W: 8, kernelH: 3, strideH: 1, padW: 1 };
    const x = uniform(32, 5, -1, 1);
    x.set([NaN, 2, 2, NaN, -Infinity, -Infinity, -Infinity, -Infinity], 8);
    x[20] = NaN;
    const n = 2 * 5,
      got = new Float32Array(n),
      want = new Float64Array(n),
      at = new Int32Array(n),
      atRef = new Int32Array(n);
    b.maxPool2dForward(wide, x, got, at);
    jsBackend.maxPool2dForward(wide, Float64Array.from(x), want, atRef);
    expect(Array.from(at)).toEqual(Array.from(atRef));
    expect(Array.from(got)).toEqual(Array.from(want, Math.fround));
    // 2 × 2 / stride 2 (native's SIMD row kernel on AVX-512): 18 outputs per row (16 + a tail), NaNs, ties, −∞
    const s2: Pool2dShape = { ...s, H: 5, W: 37 };
    const x2 = uniform(5 * 37, 6, -1, 1);
    x2.set([3, 3, 3, 3], 10); // a tie across all four taps of a window (row 0, columns 10, 11; row 1 below)
    x2.set([3, 3], 37 + 10);
    x2.set([-Infinity, -Infinity], 20);
    x2.set([-Infinity, -Infinity], 37 + 20);
    x2[37 + 33] = NaN; // row pair 0 holds a NaN: redone by the reference rule
    x2[2 * 37 + 5] = NaN;
    x2[2 * 37 + 6] = NaN; // two NaNs in different windows of row pair 1
    const n2 = 2 * 18,
      got2 = new Float32Array(n2),
      want2 = new Float64Array(n2),
      at2 = new Int32Array(n2),
      at2Ref = new Int32Array(n2);
    b.maxPool2dForward(s2, x2, got2, at2);
    jsBackend.maxPool2dForward(s2, Float64Array.from(x2), want2, at2Ref);
    expect(Array.from(at2)).toEqual(Array.from(at2Ref));
    expect(Array.from(got2)).toEqual(Array.from(want2, Math.fround));
    const clean = uniform(5 * 37, 7, -1, 1);
    clean.set([2, 2, 2, 2], 0);
    clean.set([2, 2], 37);
    b.maxPool2dForward(s2, clean, got2, at2);
    jsBackend.maxPool2dForward(s2, Float64Array.from(clean), want2, at2Ref);
    expect(Array.from(at2)).toEqual(Array.from(at2Ref));
    expect(Array.from(got2)).toEqual(Array.from(want2, Math.fround));
  });

  it('bad geometry and arrays are errors naming the function and the argument', () => {
    const s: Conv2dShape = {
      N: 2,
      C: 3,
      H: 5,
      W: 5,
      kernelH: 3,
      kernelW: 3,
      strideH: 1,
      strideW: 1,
      padH: 0,
      padW: 0,
      dilationH: 1,
      dilationW: 1,
    };
    const x = new Float32Array(150),
      w = new Float32Array(4 * 27),
      y = new Float32Array(2 * 4 * 9);
    expect(() => b.conv2dForward({ ...s, kernelH: 7 }, 4, x, w, null, y)).toThrow(
      /conv2dForward: the 7×3 kernel .* larger than the padded input 5×5/,
    );
    expect(() => b.conv2dForward({ ...s, strideW: 0 }, 4, x, w, null, y)).toThrow(
      /conv2dForward: strideW must be a whole number in \[1,/,
    );
    expect(() => b.conv2dForward({ ...s, padH: -1 }, 4, x, w, null, y)).toThrow(RangeError);
    expect(() => b.conv2dForward({ ...s, dilationH: 1.5 }, 4, x, w, null, y)).toThrow(/dilationH/);
    expect(() => b.conv2dForward(s, 4, x.subarray(1), w, null, y)).toThrow(/conv2dForward: x needs at least 150/);
    expect(() => b.conv2dForward(s, 4, x, w.subarray(1), null, y)).toThrow(/weight needs at least 108/);
    expect(() => b.conv2dForward(s, 4, x, w, new Float32Array(3), y)).toThrow(/bias needs at least 4/);
    expect(() => b.conv2dForward(s, 4, x, w, null, x)).toThrow(/y must not overlap x/);
    expect(() => b.conv2dForward(s, 0, x, w, null, y)).toThrow(/outChannels/);
    expect(() => b.conv2dForward({ ...s, C: 2 ** 30 }, 2 ** 10, x, w, null, y)).toThrow(RangeError); // huge channels
    expect(() => b.conv2dBackwardFilter(s, 4, x, y, w, w)).toThrow(/dbias must not overlap dweight/);
    const p: Pool2dShape = { N: 1, C: 1, H: 4, W: 4, kernelH: 2, kernelW: 2, strideH: 2, strideW: 2, padH: 0, padW: 0 };
    expect(() =>
      b.maxPool2dForward({ ...p, padH: 2 }, new Float32Array(16), new Float32Array(9), new Int32Array(9)),
    ).toThrow(/at most half the kernel/);
    expect(() =>
      b.maxPool2dBackward(p, new Float32Array(4), Int32Array.from([0, 1, 16, 2]), new Float32Array(16)),
    ).toThrow(/maxPool2dBackward: argmax\[2\] = 16 is outside \[0, H·W = 16\)/);
    expect(() => b.avgPool2dForward(p, new Float32Array(16), new Int32Array(4) as never)).toThrow(
      /avgPool2dForward: y must be a Float32Array/,
    );
  });
});
