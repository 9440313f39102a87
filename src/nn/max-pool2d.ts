// MaxPool2d (PyTorch nn.MaxPool2d, dilation 1, floor mode): y = the largest value of each window, padding ignored;
// the position of the first maximum is saved (argmax) and backward routes dy there: dx[argmax] += dy.
// x [N, C, H, W] → y [N, C, OH, OW]; stride defaults to the kernel size.
import type { Backend, FloatArray } from '../backend/types';
import type { Pool2dShape } from '../backend/window2d';
import type { Pool2dOptions } from './pool2d-layer';
import { Pool2dLayer } from './pool2d-layer';
import type { Size2 } from './window-options';

export class MaxPool2d extends Pool2dLayer {
  private argmax: Int32Array | undefined;

  constructor(kernelSize: Size2, opts: Pool2dOptions = {}) {
    super('MaxPool2d', kernelSize, opts);
  }

  protected runForward(k: Backend, s: Pool2dShape, x: FloatArray, y: FloatArray): void {
    this.argmax = this.scratch.int32('argmax', y.length);
    k.maxPool2dForward(s, x, y, this.argmax);
  }

  protected runBackward(k: Backend, s: Pool2dShape, dy: FloatArray, dx: FloatArray): void {
    k.maxPool2dBackward(s, dy, this.argmax as Int32Array, dx);
  }
}
