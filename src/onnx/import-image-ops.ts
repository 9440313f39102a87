// ONNX image ops as nnkit layers, for the CNN graphs torch.onnx.export writes (data [batch, C, H, W], NCHW):
//   Conv(x, W [OC, C, kH, kW], b?)  group 1, pads [ph, pw, ph, pw]  → Conv2d (OH = ⌊(H + 2ph − dh(kH − 1) − 1)/sh⌋ + 1)
//   MaxPool (dilations 1, ceil_mode 0)                              → MaxPool2d (OH = ⌊(H + 2ph − kH)/sh⌋ + 1)
//   AveragePool (count_include_pad = 1 when padded, ceil_mode 0)    → AvgPool2d (padding counts as zeros)
//   Pad(x, pads on H and W only, constant 0) then AveragePool       → AvgPool2d with that padding (PyTorch's form of
//                                                                     a padded AvgPool2d)
//   GlobalAveragePool [N, C, 1, 1], ReduceMean over axes 2, 3       → GlobalAvgPool2d (nnkit's gives [N, C] directly)
// Windows must fit nnkit's rules (pool padding at most half the kernel, symmetric pads); otherwise an Error
// naming the node.
import { AvgPool2d } from '../nn/avg-pool2d';
import { Conv2d } from '../nn/conv2d';
import { GlobalAvgPool2d } from '../nn/global-avg-pool2d';
import { MaxPool2d } from '../nn/max-pool2d';
import { fail, int, needGraphOrder, type OpContext, type OpImporter, type OpResult } from './op-context';
import type { TensorValue } from './tensor-values';

type Pair = [number, number];

interface Window {
  kernel: Pair;
  stride: Pair;
  padding: Pair;
  dilation: Pair;
}

export const IMAGE_IMPORTERS: [string, OpImporter][] = [
  ['Conv', importConv],
  ['MaxPool', (c) => importPool(c, 'max')],
  ['AveragePool', (c) => importPool(c, 'average')],
  ['Pad', importPad],
  ['GlobalAveragePool', (c) => globalAverage(c, [c.dims[0], 1, 1])],
  ['ReduceMean', importReduceMean],
  ['Transpose', importTranspose],
];

function needImages(c: OpContext): [number, number, number] {
  needGraphOrder(c);
  if (c.dims.length !== 3 || c.rank !== 4)
    fail(c, `expects images [batch, C, H, W], got [batch, ${c.dims.join(', ')}]`);
  return c.dims as [number, number, number];
}

const ints = (c: OpContext, name: string): number[] | undefined => c.attribute(name)?.ints;

/** kernel_shape, strides, pads (symmetric), dilations of a 2-D window; auto_pad must be NOTSET or VALID. */
function window(c: OpContext, kernel: Pair | undefined): Window {
  const text = c.attribute('auto_pad')?.s ?? 'NOTSET';
  if (text !== 'NOTSET' && text !== 'VALID') fail(c, `auto_pad ${text} is not supported (give explicit pads)`);
  const pair = (name: string, fallback: number): Pair => {
    const v = ints(c, name) ?? [fallback, fallback];
    if (v.length !== 2) fail(c, `${name} must have 2 values (height, width), got [${v.join(', ')}]`);
    return [v[0], v[1]];
  };
  const k = kernel ?? pair('kernel_shape', 0);
  const pads = ints(c, 'pads') ?? [0, 0, 0, 0];
  if (pads.length !== 4 || pads[0] !== pads[2] || pads[1] !== pads[3])
    fail(c, `pads [${pads.join(', ')}] must be the same on both sides ([ph, pw, ph, pw])`);
  return { kernel: k, stride: pair('strides', 1), padding: [pads[0], pads[1]], dilation: pair('dilations', 1) };
}

/** [OC, OH, OW] of a window over [C, H, W]. */
function outputDims(c: OpContext, [, H, W]: number[], channels: number, w: Window): number[] {
  const size = (n: number, i: 0 | 1) =>
    Math.floor((n + 2 * w.padding[i] - w.dilation[i] * (w.kernel[i] - 1) - 1) / w.stride[i]) + 1;
  const [OH, OW] = [size(H, 0), size(W, 1)];
  if (!(OH >= 1 && OW >= 1)) fail(c, `its window does not fit the input [${c.dims.join(', ')}]`);
  return [channels, OH, OW];
}

function importConv(c: OpContext): OpResult {
  const [C] = needImages(c);
  if (int(c, 'group', 1) !== 1) fail(c, `group ${int(c, 'group', 1)} is not supported (nnkit's Conv2d has group 1)`);
  const W = c.constant(1) as TensorValue;
  if (W.dims.length !== 4 || !W.floats || W.dims[1] !== C)
    fail(c, `its weight must be float [OC, ${C}, kH, kW], got [${W.dims.join(', ')}]`);
  const [OC, , kh, kw] = W.dims;
  const w = window(c, [kh, kw]);
  const b = c.constant(2, true);
  if (b && (!b.floats || b.floats.length !== OC)) fail(c, `its bias must be float [${OC}]`);
  const conv = new Conv2d(C, OC, w.kernel, {
    stride: w.stride,
    padding: w.padding,
    dilation: w.dilation,
    bias: b !== undefined,
    seed: 0,
  });
  conv.weight.value.set(W.floats);
  if (b?.floats && conv.bias) conv.bias.value.set(b.floats);
  return { layers: [conv], dims: outputDims(c, c.dims, OC, w), rank: 4 };
}

/** MaxPool / AveragePool; `extraPadding` is the padding of a Pad node before it. */
function importPool(c: OpContext, kind: 'max' | 'average', extraPadding: Pair = [0, 0]): OpResult {
  const [C] = needImages(c);
  if (int(c, 'ceil_mode', 0) !== 0) fail(c, 'ceil_mode = 1 is not supported (nnkit rounds the output size down)');
  if (int(c, 'storage_order', 0) !== 0) fail(c, 'storage_order = 1 is not supported');
  const w = window(c, undefined);
  if (w.dilation[0] !== 1 || w.dilation[1] !== 1) fail(c, 'dilated pooling is not supported');
  if (kind === 'average' && (w.padding[0] || w.padding[1]) && int(c, 'count_include_pad', 0) !== 1)
    fail(c, 'count_include_pad = 0 with padding is not supported (nnkit counts the padding as zeros)');
  if ((w.padding[0] || w.padding[1]) && (extraPadding[0] || extraPadding[1]))
    fail(c, 'padding both in a Pad before it and in its own pads is not supported');
  const padding: Pair = [w.padding[0] + extraPadding[0], w.padding[1] + extraPadding[1]];
  if (2 * padding[0] > w.kernel[0] || 2 * padding[1] > w.kernel[1])
    fail(c, `padding [${padding.join(', ')}] over half its kernel [${w.kernel.join(', ')}] is not supported`);
  const opts = { stride: w.stride, padding };
  const layer = kind === 'max' ? new MaxPool2d(w.kernel, opts) : new AvgPool2d(w.kernel, opts);
  return { layers: [layer], dims: outputDims(c, c.dims, C, { ...w, padding }), rank: 4 };
}

/** Pad with zeros on H and W, then AveragePool: one AvgPool2d with that padding; zero pads are nothing. */
function importPad(c: OpContext): OpResult {
  needImages(c);
  const mode = c.attribute('mode')?.s ?? 'constant';
  const pads = c.opset >= 11 ? c.constant(1)?.ints : ints(c, 'pads');
  const value = c.opset >= 11 ? (c.constant(2, true)?.floats?.[0] ?? 0) : (c.attribute('value')?.f ?? 0);
  if (c.opset >= 18 && c.node.inputs[3]) fail(c, 'the axes input is not supported');
  if (mode !== 'constant' || value !== 0) fail(c, `only padding with zeros is supported, got ${mode} ${value}`);
  if (
    !pads ||
    pads.length !== 8 ||
    pads[0] ||
    pads[1] ||
    pads[4] ||
    pads[5] ||
    pads[2] !== pads[6] ||
    pads[3] !== pads[7]
  )
    fail(c, `pads [${(pads ?? []).join(', ')}] must pad H and W only, the same on both sides`);
  if (!pads[2] && !pads[3]) return { layers: [], dims: c.dims, rank: c.rank };
  const next = c.nextReader();
  if (next?.opType !== 'AveragePool' || next.domain !== '')
    fail(c, 'padding is supported before an AveragePool only (nnkit has no Pad layer)');
  const pool = importPool(
    { ...c, node: next, what: `${c.what} then AveragePool`, attribute: attributeOf(next) },
    'average',
    [pads[2], pads[3]],
  );
  return { ...pool, absorbed: 1 };
}

function attributeOf(node: OpContext['node']): OpContext['attribute'] {
  return (name) => node.attributes.find((a) => a.name === name);
}

/** ReduceMean over H and W (axes [2, 3] or [−2, −1]; [1, 2] on channels-last data, keepdims 0 there): an
 *  attribute before opset 18, an input after. */
function importReduceMean(c: OpContext): OpResult {
  const channelsLast = c.featureOrder !== undefined;
  const C = channelsLast ? c.dims[2] : needImages(c)[0];
  const axes = (c.opset >= 18 ? c.constant(1, true)?.ints : ints(c, 'axes')) ?? [];
  const sorted = axes.map((a) => (a < 0 ? a + 4 : a)).sort();
  const keep = int(c, 'keepdims', 1);
  const want = channelsLast ? '1,2' : '2,3';
  if (sorted.join() !== want || (channelsLast && keep))
    fail(c, `only the mean over H and W (axes ${want}${channelsLast ? ', keepdims 0' : ''}) is supported`);
  return { layers: [new GlobalAvgPool2d()], dims: keep ? [C, 1, 1] : [C], rank: 2 };
}

function globalAverage(c: OpContext, dims: number[]): OpResult {
  needImages(c);
  return { layers: [new GlobalAvgPool2d()], dims, rank: 2 };
}

/** tf2onnx's layout changes around a Keras CNN: NHWC input → NCHW (perm [0, 3, 1, 2], at the input: the imported
 *  model then takes NCHW images [C, H, W]), and NCHW → NHWC (perm [0, 2, 3, 1]) before its Flatten, whose
 *  feature order the next Gemm/MatMul's weights are rearranged for (featureOrder). */
function importTranspose(c: OpContext): OpResult {
  const perm = (ints(c, 'perm') ?? []).join();
  const [a, b, d] = c.dims;
  if (c.dims.length === 3 && c.atInput && perm === '0,3,1,2')
    return { layers: [], dims: [d, a, b], rank: 4, sampleShape: [d, a, b] };
  if (c.dims.length !== 3 || c.rank !== 4 || c.featureOrder || perm !== '0,2,3,1')
    fail(
      c,
      `perm [${perm}] on [batch, ${c.dims.join(', ')}] is not supported (NHWC → NCHW at the input, NCHW → NHWC ` +
        'before a Flatten are)',
    );
  const [C, H, W] = c.dims;
  const featureOrder: number[] = [];
  for (let h = 0; h < H; h++)
    for (let w = 0; w < W; w++) for (let ch = 0; ch < C; ch++) featureOrder.push((ch * H + h) * W + w);
  return { layers: [], dims: [H, W, C], rank: 4, featureOrder };
}
