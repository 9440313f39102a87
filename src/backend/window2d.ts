// Geometry of a 2-D sliding window (convolution, pooling) over x [N, C, H, W] (NCHW, as PyTorch), and its checks,
// shared by the JS kernels and the layers; native/kernels/window2d.h holds the same rules for the addon.
//   OH = ⌊(H + 2·padH − dilationH·(kernelH − 1) − 1) / strideH⌋ + 1        (OW likewise)
// Output (oh, ow) reads rows oh·strideH − padH + i·dilationH, i < kernelH (columns likewise); rows outside
// [0, H) are padding (zeros for convolution and average pooling, ignored by max pooling).

/** A pooling window: no dilation; padding at most half the kernel (PyTorch's rule), so no window is all padding. */
export interface Pool2dShape {
  N: number;
  C: number;
  H: number;
  W: number;
  kernelH: number;
  kernelW: number;
  strideH: number;
  strideW: number;
  padH: number;
  padW: number;
}

/** A convolution window: C input channels, any padding, dilation ≥ 1. */
export interface Conv2dShape extends Pool2dShape {
  dilationH: number;
  dilationW: number;
}

const MAX_SIZE = 2 ** 31 - 1;
const FIELDS = ['N', 'C', 'H', 'W', 'kernelH', 'kernelW', 'strideH', 'strideW', 'padH', 'padW'] as const;

/** ⌊(size + 2·pad − dilation·(kernel − 1) − 1) / stride⌋ + 1, or 0 when the window does not fit. */
export function windowOutput(size: number, kernel: number, stride: number, pad: number, dilation = 1): number {
  const span = size + 2 * pad - dilation * (kernel - 1) - 1;
  return span < 0 ? 0 : Math.floor(span / stride) + 1;
}

export interface WindowDims {
  OH: number;
  OW: number;
  /** H·W and OH·OW: one input and one output plane. */
  plane: number;
  outPlane: number;
}

/** Checks every field (whole numbers; sizes, kernel, stride, dilation ≥ 1; pad ≥ 0) and that the window fits;
 *  `pool` adds dilation = 1 and pad ≤ kernel/2. Throws TypeError/RangeError naming `fn` and the field. */
export function checkWindow(fn: string, s: Conv2dShape | Pool2dShape, pool: boolean): WindowDims {
  if (typeof s !== 'object' || s === null) throw new TypeError(`${fn}: shape must be an object, got ${String(s)}`);
  const conv = s as Partial<Conv2dShape>;
  const fields: string[] = [...FIELDS, ...(pool ? [] : ['dilationH', 'dilationW'])];
  for (const f of fields) {
    const v = (s as unknown as Record<string, unknown>)[f];
    const min = f.startsWith('pad') ? 0 : 1;
    if (typeof v !== 'number') throw new TypeError(`${fn}: ${f} must be a number, got ${typeof v}`);
    if (!Number.isInteger(v) || v < min || v > MAX_SIZE)
      throw new RangeError(`${fn}: ${f} must be a whole number in [${min}, ${MAX_SIZE}], got ${v}`);
  }
  const dh = pool ? 1 : (conv.dilationH as number),
    dw = pool ? 1 : (conv.dilationW as number);
  if (pool && (2 * s.padH > s.kernelH || 2 * s.padW > s.kernelW))
    throw new RangeError(
      `${fn}: padding (${s.padH}, ${s.padW}) must be at most half the kernel (${s.kernelH}, ${s.kernelW})`,
    );
  const OH = windowOutput(s.H, s.kernelH, s.strideH, s.padH, dh),
    OW = windowOutput(s.W, s.kernelW, s.strideW, s.padW, dw);
  if (OH === 0 || OW === 0) {
    throw new RangeError(
      `${fn}: the ${s.kernelH}×${s.kernelW} kernel (dilation ${dh}×${dw}, extent ` +
        `${dh * (s.kernelH - 1) + 1}×${dw * (s.kernelW - 1) + 1}) is larger than the padded input ` +
        `${s.H + 2 * s.padH}×${s.W + 2 * s.padW}`,
    );
  }
  const total = Math.max(s.N * s.C * s.H * s.W, s.N * s.C * OH * OW);
  if (total > MAX_SIZE) throw new RangeError(`${fn}: N·C·H·W = ${total} exceeds ${MAX_SIZE} elements`);
  return { OH, OW, plane: s.H * s.W, outPlane: OH * OW };
}
