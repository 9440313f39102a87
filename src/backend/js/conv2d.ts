// 2-D convolution (cross-correlation, as PyTorch nn.Conv2d, groups = 1) through im2col and GEMM, per sample n:
//   col [K, OH·OW] = im2col(x_n),  K = C·kernelH·kernelW, row (c·kernelH + i)·kernelW + j holds
//                    x_n[c, oh·strideH − padH + i·dilationH, ow·strideW − padW + j·dilationW] (0 in the padding)
//   forward:         y_n [OC, OH·OW] = W [OC, K] · col  (+ b per output channel)
//   backward data:   dx_n = col2im(Wᵀ · dy_n)   (col2im adds each column entry back to the pixel it came from)
//   backward filter: dW += dy_n · colᵀ,  db += Σ_{oh,ow} dy_n
// x [N, C, H, W], W [OC, C, kernelH, kernelW], y [N, OC, OH, OW]; geometry rules in ../window2d.ts.
import type { FloatArray } from '../types';
import type { Conv2dShape } from '../window2d';
import { checkWindow } from '../window2d';
import * as check from './check';
import { gemm } from './gemm';

let scratch32 = new Float32Array(0),
  scratch64 = new Float64Array(0);

/** A reused column buffer of `size` values in the precision of `like`. */
function columns(like: FloatArray, size: number): FloatArray {
  if (like instanceof Float64Array) {
    if (scratch64.length < size) scratch64 = new Float64Array(size);
    return scratch64.subarray(0, size);
  }
  if (scratch32.length < size) scratch32 = new Float32Array(size);
  return scratch32.subarray(0, size);
}

interface ConvDims {
  K: number;
  OH: number;
  OW: number;
  outPlane: number;
  inSample: number;
  outSample: number;
}

function dims(fn: string, s: Conv2dShape, OC: number): ConvDims {
  const w = checkWindow(fn, s, false);
  check.size(fn, 'outChannels', OC, 1);
  const K = s.C * s.kernelH * s.kernelW;
  if (OC * K > 2 ** 31 - 1 || K * w.outPlane > 2 ** 31 - 1 || s.N * OC * w.outPlane > 2 ** 31 - 1)
    throw new RangeError(`${fn}: weight, column or output size exceeds 2^31 − 1 elements`);
  return { K, OH: w.OH, OW: w.OW, outPlane: w.outPlane, inSample: s.C * w.plane, outSample: OC * w.outPlane };
}

/** col [K, OH·OW] ← the receptive fields of x_n [C, H, W] (zeros where they reach into the padding). */
function im2col(s: Conv2dShape, d: ConvDims, x: FloatArray, xo: number, col: FloatArray): void {
  const { H, W, kernelH, kernelW } = s;
  for (let c = 0, row = 0; c < s.C; c++) {
    for (let i = 0; i < kernelH; i++) {
      for (let j = 0; j < kernelW; j++, row++) {
        let o = row * d.outPlane;
        for (let oh = 0; oh < d.OH; oh++) {
          const h = oh * s.strideH - s.padH + i * s.dilationH,
            inRow = h >= 0 && h < H,
            base = xo + (c * H + h) * W;
          for (let ow = 0; ow < d.OW; ow++, o++) {
            const w = ow * s.strideW - s.padW + j * s.dilationW;
            col[o] = inRow && w >= 0 && w < W ? x[base + w] : 0;
          }
        }
      }
    }
  }
}

/** dx_n [C, H, W] ← Σ of the col entries taken from each pixel (the adjoint of im2col); dx_n is overwritten. */
function col2im(s: Conv2dShape, d: ConvDims, col: FloatArray, dx: FloatArray, xo: number): void {
  const { H, W, kernelH, kernelW } = s;
  dx.fill(0, xo, xo + d.inSample);
  for (let c = 0, row = 0; c < s.C; c++) {
    for (let i = 0; i < kernelH; i++) {
      for (let j = 0; j < kernelW; j++, row++) {
        let o = row * d.outPlane;
        for (let oh = 0; oh < d.OH; oh++) {
          const h = oh * s.strideH - s.padH + i * s.dilationH;
          if (h < 0 || h >= H) {
            o += d.OW;
            continue;
          }
          const base = xo + (c * H + h) * W;
          for (let ow = 0; ow < d.OW; ow++, o++) {
            const w = ow * s.strideW - s.padW + j * s.dilationW;
            if (w >= 0 && w < W) dx[base + w] += col[o];
          }
        }
      }
    }
  }
}

export function conv2dForward(
  s: Conv2dShape,
  outChannels: number,
  x: FloatArray,
  weight: FloatArray,
  bias: FloatArray | null,
  y: FloatArray,
): void {
  const fn = 'conv2dForward',
    d = dims(fn, s, outChannels),
    OC = outChannels;
  check.floats(fn, 'x', x, s.N * d.inSample);
  check.floats(fn, 'weight', weight, OC * d.K);
  if (bias !== null) check.floats(fn, 'bias', bias, OC);
  check.floats(fn, 'y', y, s.N * d.outSample);
  check.disjoint(fn, 'y', y, 'x', x);
  check.disjoint(fn, 'y', y, 'weight', weight);
  if (bias !== null) check.disjoint(fn, 'y', y, 'bias', bias);
  const col = columns(x, d.K * d.outPlane);
  for (let n = 0; n < s.N; n++) {
    im2col(s, d, x, n * d.inSample, col);
    const yn = y.subarray(n * d.outSample, (n + 1) * d.outSample);
    gemm(false, false, OC, d.outPlane, d.K, 1, weight, d.K, col, d.outPlane, 0, yn, d.outPlane);
    if (bias !== null) for (let oc = 0; oc < OC; oc++) addTo(yn, oc * d.outPlane, d.outPlane, bias[oc]);
  }
}

function addTo(a: FloatArray, start: number, count: number, v: number): void {
  for (let i = start; i < start + count; i++) a[i] += v;
}

/** dx [N, C, H, W] = Σ over output positions of Wᵀ·dy scattered back (overwritten). */
export function conv2dBackwardData(
  s: Conv2dShape,
  outChannels: number,
  dy: FloatArray,
  weight: FloatArray,
  dx: FloatArray,
): void {
  const fn = 'conv2dBackwardData',
    d = dims(fn, s, outChannels),
    OC = outChannels;
  check.floats(fn, 'dy', dy, s.N * d.outSample);
  check.floats(fn, 'weight', weight, OC * d.K);
  check.floats(fn, 'dx', dx, s.N * d.inSample);
  check.disjoint(fn, 'dx', dx, 'dy', dy);
  check.disjoint(fn, 'dx', dx, 'weight', weight);
  const col = columns(dy, d.K * d.outPlane);
  for (let n = 0; n < s.N; n++) {
    const dyn = dy.subarray(n * d.outSample, (n + 1) * d.outSample);
    gemm(true, false, d.K, d.outPlane, OC, 1, weight, d.K, dyn, d.outPlane, 0, col, d.outPlane); // col = Wᵀ·dy_n
    col2im(s, d, col, dx, n * d.inSample);
  }
}

/** dweight [OC, C, kernelH, kernelW] += Σ_n dy_n·im2col(x_n)ᵀ; dbias [OC] += Σ dy (when not null). */
export function conv2dBackwardFilter(
  s: Conv2dShape,
  outChannels: number,
  x: FloatArray,
  dy: FloatArray,
  dweight: FloatArray,
  dbias: FloatArray | null,
): void {
  const fn = 'conv2dBackwardFilter',
    d = dims(fn, s, outChannels),
    OC = outChannels;
  check.floats(fn, 'x', x, s.N * d.inSample);
  check.floats(fn, 'dy', dy, s.N * d.outSample);
  check.floats(fn, 'dweight', dweight, OC * d.K);
  if (dbias !== null) check.floats(fn, 'dbias', dbias, OC);
  for (const [name, a] of [
    ['x', x],
    ['dy', dy],
  ] as const) {
    check.disjoint(fn, 'dweight', dweight, name, a);
    if (dbias !== null) check.disjoint(fn, 'dbias', dbias, name, a);
  }
  if (dbias !== null) check.disjoint(fn, 'dbias', dbias, 'dweight', dweight);
  const col = columns(x, d.K * d.outPlane);
  for (let n = 0; n < s.N; n++) {
    im2col(s, d, x, n * d.inSample, col);
    const dyn = dy.subarray(n * d.outSample, (n + 1) * d.outSample);
    gemm(false, true, OC, d.K, d.outPlane, 1, dyn, d.outPlane, col, d.outPlane, 1, dweight, d.K); // dW += dy_n·colᵀ
    if (dbias !== null) {
      for (let oc = 0, o = 0; oc < OC; oc++) {
        let sum = 0;
        for (let p = 0; p < d.outPlane; p++, o++) sum += dyn[o];
        dbias[oc] += sum;
      }
    }
  }
}
