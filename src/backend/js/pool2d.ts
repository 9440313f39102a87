// 2-D pooling over each plane of x [N, C, H, W] → y [N, C, OH, OW] (PyTorch MaxPool2d / AvgPool2d, floor mode):
//   max:  y = max over the window's in-bounds pixels (padding is ignored; NaN wins), argmax = h·W + w of the
//         first maximum (PyTorch's return_indices);  backward: dx[argmax] += dy, zero elsewhere
//   avg:  y = Σ window / (kernelH·kernelW) (padding counts as zeros: count_include_pad = True);
//         backward: every in-bounds pixel of the window gets dy / (kernelH·kernelW)
// Geometry rules in ../window2d.ts (pad ≤ kernel/2, so no window is all padding).
import type { FloatArray } from '../types';
import type { Pool2dShape, WindowDims } from '../window2d';
import { checkWindow } from '../window2d';
import * as check from './check';

/** fn(xo, o, h0, h1, w0, w1) for every output o (its input plane starts at xo): the window's in-bounds part is
 *  rows [h0, h1) × columns [w0, w1), never empty (pad ≤ kernel/2). */
function forEachWindow(
  s: Pool2dShape,
  d: WindowDims,
  fn: (xo: number, o: number, h0: number, h1: number, w0: number, w1: number) => void,
): void {
  for (let p = 0, o = 0; p < s.N * s.C; p++) {
    const xo = p * d.plane;
    for (let oh = 0; oh < d.OH; oh++) {
      const top = oh * s.strideH - s.padH,
        h1 = Math.min(top + s.kernelH, s.H);
      for (let ow = 0; ow < d.OW; ow++, o++) {
        const left = ow * s.strideW - s.padW;
        fn(xo, o, Math.max(top, 0), h1, Math.max(left, 0), Math.min(left + s.kernelW, s.W));
      }
    }
  }
}

export function maxPool2dForward(s: Pool2dShape, x: FloatArray, y: FloatArray, argmax: Int32Array): void {
  const fn = 'maxPool2dForward',
    d = checkWindow(fn, s, true),
    planes = s.N * s.C;
  check.floats(fn, 'x', x, planes * d.plane);
  check.floats(fn, 'y', y, planes * d.outPlane);
  check.ints(fn, 'argmax', argmax, planes * d.outPlane);
  check.disjoint(fn, 'y', y, 'x', x);
  forEachWindow(s, d, (xo, o, h0, h1, w0, w1) => {
    const at = windowArgmax(x, xo, s.W, h0, h1, w0, w1);
    y[o] = x[xo + at];
    argmax[o] = at;
  });
}

/** h·W + w of the first maximum of x[xo + h·W + w] over [h0, h1) × [w0, w1) (a non-empty window); a NaN wins. */
function windowArgmax(x: FloatArray, xo: number, W: number, h0: number, h1: number, w0: number, w1: number): number {
  let at = h0 * W + w0,
    best = x[xo + at];
  for (let h = h0; h < h1; h++) {
    for (let w = w0; w < w1; w++) {
      const v = x[xo + h * W + w];
      if (v !== v) return h * W + w;
      if (v > best) {
        best = v;
        at = h * W + w;
      }
    }
  }
  return at;
}

/** dx (overwritten) = dy routed to each window's argmax, summed where windows overlap. */
export function maxPool2dBackward(s: Pool2dShape, dy: FloatArray, argmax: Int32Array, dx: FloatArray): void {
  const fn = 'maxPool2dBackward',
    d = checkWindow(fn, s, true),
    planes = s.N * s.C;
  check.floats(fn, 'dy', dy, planes * d.outPlane);
  check.ints(fn, 'argmax', argmax, planes * d.outPlane);
  check.floats(fn, 'dx', dx, planes * d.plane);
  check.disjoint(fn, 'dx', dx, 'dy', dy);
  for (let i = 0; i < planes * d.outPlane; i++) {
    if (!(argmax[i] >= 0 && argmax[i] < d.plane))
      throw new RangeError(`${fn}: argmax[${i}] = ${argmax[i]} is outside [0, H·W = ${d.plane})`);
  }
  dx.fill(0, 0, planes * d.plane);
  for (let p = 0, o = 0; p < planes; p++) {
    const xo = p * d.plane;
    for (let q = 0; q < d.outPlane; q++, o++) dx[xo + argmax[o]] += dy[o];
  }
}

export function avgPool2dForward(s: Pool2dShape, x: FloatArray, y: FloatArray): void {
  const fn = 'avgPool2dForward',
    d = checkWindow(fn, s, true),
    planes = s.N * s.C,
    inv = 1 / (s.kernelH * s.kernelW);
  check.floats(fn, 'x', x, planes * d.plane);
  check.floats(fn, 'y', y, planes * d.outPlane);
  check.disjoint(fn, 'y', y, 'x', x);
  forEachWindow(s, d, (xo, o, h0, h1, w0, w1) => {
    let sum = 0;
    for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) sum += x[xo + h * s.W + w];
    y[o] = sum * inv;
  });
}

/** dx (overwritten): each window spreads dy/(kernelH·kernelW) over its in-bounds pixels. */
export function avgPool2dBackward(s: Pool2dShape, dy: FloatArray, dx: FloatArray): void {
  const fn = 'avgPool2dBackward',
    d = checkWindow(fn, s, true),
    planes = s.N * s.C,
    inv = 1 / (s.kernelH * s.kernelW);
  check.floats(fn, 'dy', dy, planes * d.outPlane);
  check.floats(fn, 'dx', dx, planes * d.plane);
  check.disjoint(fn, 'dx', dx, 'dy', dy);
  dx.fill(0, 0, planes * d.plane);
  forEachWindow(s, d, (xo, o, h0, h1, w0, w1) => {
    const g = dy[o] * inv;
    for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) dx[xo + h * s.W + w] += g;
  });
}
