// The native backend's convolution and pooling entries: the addon takes the window geometry as positional whole
// numbers (N, C, H, W, kernelH, kernelW, strideH, strideW, padH, padW[, dilationH, dilationW]) and checks them
// itself (native/binding/window2d_binding.cc); this adapter only unpacks the shape object.
import type { Backend } from './types';
import type { Conv2dShape, Pool2dShape } from './window2d';

type Raw = Record<string, (...args: unknown[]) => unknown>;
type WindowKernels = Pick<
  Backend,
  | 'conv2dForward'
  | 'conv2dBackwardData'
  | 'conv2dBackwardFilter'
  | 'maxPool2dForward'
  | 'maxPool2dBackward'
  | 'avgPool2dForward'
  | 'avgPool2dBackward'
>;

function pool(fn: string, s: Pool2dShape): unknown[] {
  if (typeof s !== 'object' || s === null) throw new TypeError(`${fn}: shape must be an object, got ${String(s)}`);
  return [s.N, s.C, s.H, s.W, s.kernelH, s.kernelW, s.strideH, s.strideW, s.padH, s.padW];
}

function conv(fn: string, s: Conv2dShape): unknown[] {
  return [...pool(fn, s), s.dilationH, s.dilationW];
}

export function windowKernels(raw: Raw): WindowKernels {
  return {
    conv2dForward: (s, oc, x, w, b, y) =>
      raw.conv2dForward(...conv('conv2dForward', s), oc, x, w, b ?? null, y) as void,
    conv2dBackwardData: (s, oc, dy, w, dx) =>
      raw.conv2dBackwardData(...conv('conv2dBackwardData', s), oc, dy, w, dx) as void,
    conv2dBackwardFilter: (s, oc, x, dy, dw, db) =>
      raw.conv2dBackwardFilter(...conv('conv2dBackwardFilter', s), oc, x, dy, dw, db ?? null) as void,
    maxPool2dForward: (s, x, y, argmax) => raw.maxPool2dForward(...pool('maxPool2dForward', s), x, y, argmax) as void,
    maxPool2dBackward: (s, dy, argmax, dx) =>
      raw.maxPool2dBackward(...pool('maxPool2dBackward', s), dy, argmax, dx) as void,
    avgPool2dForward: (s, x, y) => raw.avgPool2dForward(...pool('avgPool2dForward', s), x, y) as void,
    avgPool2dBackward: (s, dy, dx) => raw.avgPool2dBackward(...pool('avgPool2dBackward', s), dy, dx) as void,
  };
}
