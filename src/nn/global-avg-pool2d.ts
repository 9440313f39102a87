// GlobalAvgPool2d: the mean of each channel plane, x [N, C, H, W] → y [N, C] (PyTorch AdaptiveAvgPool2d(1) then
// flatten): y[n, c] = (1/HW) Σ_{h,w} x[n, c, h, w],  dx[n, c, h, w] = dy[n, c]/(HW). Average pooling with one
// window the size of the plane.
import type { Pool2dShape } from '../backend/window2d';
import type { DType } from '../tensor';
import type { Tensor } from '../tensor';
import { AvgPool2d } from './avg-pool2d';
import type { LayerConfig } from './layer';

export class GlobalAvgPool2d extends AvgPool2d {
  constructor(opts: { dtype?: DType } = {}) {
    super(1, { dtype: opts.dtype });
  }

  override describe(): string {
    return 'GlobalAvgPool2d';
  }

  protected override geometry(x: Tensor): { s: Pool2dShape; yShape: number[] } {
    const [N, C, H, W] = x.shape;
    const s: Pool2dShape = { N, C, H, W, kernelH: H, kernelW: W, strideH: 1, strideW: 1, padH: 0, padW: 0 };
    return { s, yShape: [N, C] };
  }

  override config(): LayerConfig {
    return { type: 'GlobalAvgPool2d', dtype: this.dtype };
  }
}
