// Conv2d, pooling, GlobalAvgPool2d, Flatten and spatial BatchNorm: backward against float64 centered differences,
// forward against a direct loop over the formula (written here, independent of im2col), on both backends.
import { beforeAll, expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { AvgPool2d } from '../../src/nn/avg-pool2d';
import { BatchNorm } from '../../src/nn/batch-norm';
import { Conv2d } from '../../src/nn/conv2d';
import { Flatten } from '../../src/nn/flatten';
import { GlobalAvgPool2d } from '../../src/nn/global-avg-pool2d';
import { MaxPool2d } from '../../src/nn/max-pool2d';
import { Chain } from '../../src/nn/chain';
import { Tensor } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import { rng, worstRatio } from '../helpers/random';
import { expectGradOk as expectGradOkTol } from './helpers';
import type { GradCheckOptions } from '../../src/gradcheck';
import type { Layer } from '../../src/nn/layer';

// Sums over many window taps: float64 difference quotients carry ~1e-8 absolute round-off, so 1e-5 relative.
const expectGradOk = (layer: Layer, x: Tensor, opts: GradCheckOptions = {}) => expectGradOkTol(layer, x, opts, 1e-5);

function image64(shape: [number, number, number, number], seed: number): Tensor {
  const r = rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return Tensor.from(
    Array.from({ length: n }, () => r() * 4 - 2),
    shape,
    'float64',
  );
}

// [N, C, H, W, OC, kernel, stride, padding, dilation]
const CONV_CASES: [
  number,
  number,
  number,
  number,
  number,
  [number, number],
  [number, number],
  [number, number],
  [number, number],
][] = [
  [1, 1, 5, 5, 1, [3, 3], [1, 1], [0, 0], [1, 1]],
  [2, 3, 6, 5, 4, [3, 3], [1, 1], [1, 1], [1, 1]],
  [2, 2, 7, 7, 3, [3, 2], [2, 1], [1, 0], [1, 1]],
  [1, 2, 9, 8, 2, [3, 3], [2, 3], [2, 1], [2, 2]],
  [3, 1, 4, 6, 2, [1, 1], [1, 1], [0, 0], [1, 1]],
  [1, 3, 5, 5, 2, [5, 5], [1, 1], [0, 0], [1, 1]],
  [2, 2, 3, 3, 2, [3, 3], [1, 1], [2, 2], [1, 1]],
];

/** y[n, o, oh, ow] = b[o] + Σ W[o, c, i, j]·x[n, c, oh·sh − ph + i·dh, ow·sw − pw + j·dw], by the formula. */
function directConv(conv: Conv2d, x: Tensor): number[] {
  const [N, C, H, W] = x.shape;
  const [kh, kw] = conv.kernelSize,
    [sh, sw] = conv.stride,
    [ph, pw] = conv.padding,
    [dh, dw] = conv.dilation;
  const [OH, OW] = conv.outputSize(H, W),
    OC = conv.outChannels,
    w = conv.weight.value,
    b = conv.bias?.value;
  const out: number[] = [];
  for (let n = 0; n < N; n++)
    for (let o = 0; o < OC; o++)
      for (let oh = 0; oh < OH; oh++)
        for (let ow = 0; ow < OW; ow++) {
          let s = b ? b[o] : 0;
          for (let c = 0; c < C; c++)
            for (let i = 0; i < kh; i++)
              for (let j = 0; j < kw; j++) {
                const h = oh * sh - ph + i * dh,
                  ww = ow * sw - pw + j * dw;
                if (h >= 0 && h < H && ww >= 0 && ww < W)
                  s += w[((o * C + c) * kh + i) * kw + j] * x.data[((n * C + c) * H + h) * W + ww];
              }
          out.push(s);
        }
  return out;
}

it('Conv2d backward matches float64 centered differences (strides, paddings, dilations, odd sizes, N = 1, C = 1)', () => {
  CONV_CASES.forEach(([N, C, H, W, OC, kernel, stride, padding, dilation], i) => {
    const conv = new Conv2d(C, OC, kernel, { stride, padding, dilation, seed: i, dtype: 'float64' });
    conv.bias?.value.set(Array.from({ length: OC }, (_, o) => 0.1 * o - 0.2));
    expectGradOk(conv, image64([N, C, H, W], 10 + i));
  });
  expectGradOk(new Conv2d(2, 3, 3, { padding: 1, bias: false, seed: 9, dtype: 'float64' }), image64([2, 2, 4, 4], 3));
});

it('pooling, GlobalAvgPool2d and Flatten backward match float64 centered differences', () => {
  const x = image64([2, 3, 7, 6], 4);
  expectGradOk(new MaxPool2d(2, { dtype: 'float64' }), x);
  expectGradOk(new MaxPool2d(3, { stride: 2, padding: 1, dtype: 'float64' }), x); // overlapping windows
  expectGradOk(new MaxPool2d([3, 2], { stride: [1, 2], dtype: 'float64' }), x);
  expectGradOk(new AvgPool2d(2, { dtype: 'float64' }), x);
  expectGradOk(new AvgPool2d(3, { stride: 2, padding: 1, dtype: 'float64' }), x);
  expectGradOk(new GlobalAvgPool2d({ dtype: 'float64' }), x);
  expectGradOk(new Chain([new Conv2d(3, 2, 3, { seed: 1, dtype: 'float64' }), new Flatten({ dtype: 'float64' })]), x);
});

it('BatchNorm over channels of [N, C, H, W] backward matches float64 centered differences, training and eval', () => {
  const x = image64([3, 4, 3, 5], 6);
  const bn = new BatchNorm(4, { dtype: 'float64' });
  bn.gamma.value.set([0.5, 1.5, -1, 2]);
  bn.beta.value.set([0.1, -0.2, 0.3, 0]);
  expectGradOk(bn, x, { training: true });
  bn.runningMean.value.set([0.2, -0.1, 0, 0.4]);
  bn.runningVar.value.set([1.5, 0.7, 2, 1]);
  expectGradOk(bn, x, { training: false });
  expectGradOk(bn, image64([1, 4, 2, 1], 7), { training: true }); // N = 1: statistics over H·W
});

describeEachBackend('image layers forward', (b) => {
  beforeAll(() => setBackend(b.name));
  it('Conv2d forward equals the direct sum of the formula', () => {
    CONV_CASES.forEach(([N, C, H, W, OC, kernel, stride, padding, dilation], i) => {
      const conv = new Conv2d(C, OC, kernel, { stride, padding, dilation, seed: i });
      conv.bias?.value.set(Array.from({ length: OC }, (_, o) => 0.1 * o - 0.2));
      const x = image64([N, C, H, W], 20 + i).to('float32');
      const y = conv.forward(x);
      expect(y.shape).toEqual([N, OC, ...conv.outputSize(H, W)]);
      expect(worstRatio(y.data, directConv(conv, x), 1e-5, 1e-5)).toBeLessThanOrEqual(1);
    });
  });

  it('MaxPool2d takes the first maximum, ignores padding and routes dy to it', () => {
    const pool = new MaxPool2d(2, { stride: 1, padding: 1 });
    const x = Tensor.from([1, -5, 3, 3], [1, 1, 2, 2]);
    // padded windows: [·,·,·,1] [·,·,1,-5] [·,·,-5,·] [·,1,·,3] [1,-5,3,3] [-5,·,3,·] [·,3,·,·] [3,3,·,·] [3,·,·,·]
    expect(Array.from(pool.forward(x).data)).toEqual([1, 1, -5, 3, 3, 3, 3, 3, 3]);
    const dx = pool.backward(Tensor.from([1, 2, 4, 8, 16, 32, 64, 128, 256], [1, 1, 3, 3]));
    // argmax per window: 0 0 1 / 2 2 3 / 2 2 3
    expect(Array.from(dx.data)).toEqual([1 + 2, 4, 8 + 16 + 64 + 128, 32 + 256]);
  });

  it('AvgPool2d counts padding as zeros (divisor kH·kW, PyTorch count_include_pad)', () => {
    const y = new AvgPool2d(2, { padding: 1 }).forward(Tensor.from([4, 8, 12, 16], [1, 1, 2, 2]));
    expect(Array.from(y.data)).toEqual([1, 2, 3, 4]);
  });

  it('GlobalAvgPool2d gives [N, C] plane means; Flatten is a view of [N, C·H·W]', () => {
    const x = Tensor.from([1, 2, 3, 4, 10, 20, 30, 40], [1, 2, 2, 2]);
    const g = new GlobalAvgPool2d().forward(x);
    expect(g.shape).toEqual([1, 2]);
    expect(Array.from(g.data)).toEqual([2.5, 25]);
    const f = new Flatten().forward(x);
    expect(f.shape).toEqual([1, 8]);
    expect(f.data).toBe(x.data);
  });

  it('hostile shapes are errors naming the layer and what was expected', () => {
    expect(() => new Conv2d(1, 2, 5).forward(Tensor.zeros([1, 1, 3, 3]))).toThrow(
      /Conv2d\(1→2, 5×5\).*does not fit the input \[1, 1, 3, 3\]/,
    );
    expect(() => new Conv2d(3, 2, 3).forward(Tensor.zeros([2, 1, 5, 5]))).toThrow(
      /expected input \[N, 3, H, W\], got \[2, 1, 5, 5\]/,
    );
    expect(() => new Conv2d(1, 2, 3).forward(Tensor.zeros([2, 25]))).toThrow(/reshape flat rows to images/);
    expect(() => new Conv2d(1, 2, 0)).toThrow(/kernelSize must be a whole number ≥ 1/);
    expect(() => new Conv2d(1, 2, 3, { stride: [1, 0] })).toThrow(/stride must be/);
    expect(() => new MaxPool2d(2, { padding: 2 })).toThrow(/at most half the kernel/);
    expect(() => new MaxPool2d(4).forward(Tensor.zeros([1, 1, 3, 3]))).toThrow(/does not fit the input/);
    expect(() => new BatchNorm(3).forward(Tensor.zeros([2, 4, 2, 2]))).toThrow(
      /expected input \[N, 3\] or \[N, 3, H, W\]/,
    );
    expect(() => new Conv2d(2 ** 30, 4, 3)).toThrow(RangeError); // 2^30·4·9 weights: not allocatable, a clear error
  });

  it('BatchNorm on [N, C, H, W] normalizes each channel over N·H·W and keeps running statistics per channel', () => {
    const x = image64([2, 2, 2, 2], 8).to('float32');
    const bn = new BatchNorm(2);
    const y = bn.forward(x, { training: true });
    for (let c = 0; c < 2; c++) {
      const vals = [0, 1].flatMap((n) => Array.from(y.data.subarray((n * 2 + c) * 4, (n * 2 + c) * 4 + 4)));
      const mean = vals.reduce((a, b) => a + b) / 8;
      expect(Math.abs(mean)).toBeLessThan(1e-6);
    }
  });
});
