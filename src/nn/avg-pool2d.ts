// AvgPool2d (PyTorch nn.AvgPool2d, floor mode, count_include_pad = True): y = Σ window / (kH·kW), padding counted
// as zeros; backward spreads dy/(kH·kW) over each window. x [N, C, H, W] → y [N, C, OH, OW]; stride defaults to
// the kernel size.
import type { Backend, FloatArray } from '../backend/types';
import type { Pool2dShape } from '../backend/window2d';
import type { Pool2dOptions } from './pool2d-layer';
import { Pool2dLayer } from './pool2d-layer';
import type { Size2 } from './window-options';

export class AvgPool2d extends Pool2dLayer {
  constructor(kernelSize: Size2, opts: Pool2dOptions = {}) {
    super('AvgPool2d', kernelSize, opts);
  }

  protected runForward(k: Backend, s: Pool2dShape, x: FloatArray, y: FloatArray): void {
    k.avgPool2dForward(s, x, y);
  }

  protected runBackward(k: Backend, s: Pool2dShape, dy: FloatArray, dx: FloatArray): void {
    k.avgPool2dBackward(s, dy, dx);
  }
}
