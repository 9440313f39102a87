// Each nnkit layer as the plainest standard ONNX ops (default domain, opset ≥ 13), in inference form:
//   Dense      y = x·Wᵀ + b           → Gemm(x, W [out, in], b [out], transB = 1)
//   BatchNorm  y = γ(x − μ)/√(σ² + ε) + β with the running estimates → BatchNormalization (+ Relu when fused);
//              ONNX's momentum is the weight of the OLD estimate, 1 − nnkit's
//   Maxout     z = x·Wᵀ + b [N, O·K] → Reshape [N, O, K] → ReduceMax over K (axes an input from opset 18)
//   ReLU, LeakyReLU(slope) → LeakyRelu(alpha), PReLU(a [1] or [D]) → PRelu, ELU(α) → Elu, Sigmoid, Tanh,
//   Softmax → Softmax(axis = −1), Identity → Identity;  Dropout → nothing (the identity at inference)
//   Conv2d → Conv (pads [ph, pw, ph, pw]),  MaxPool2d → MaxPool (padding never wins),  AvgPool2d → AveragePool
//   (count_include_pad = 1: padding counts as zeros),  GlobalAvgPool2d [N, C] → GlobalAveragePool + Flatten,
//   Flatten → Flatten(axis = 1)
//   CategoryEmbedding x [N, D + K] → Concat(Slice(x, 0..D), Flatten(Gather(E_k, Cast<int64>(Slice(x, D + k)))), …)
// Keyed by config().type; registerONNXExporter adds a user layer's form.
import type { BatchNorm } from '../nn/batch-norm';
import type { Dense } from '../nn/dense';
import type { Layer } from '../nn/layer';
import type { CategoryEmbedding } from '../nn/category-embedding';
import type { Conv2d } from '../nn/conv2d';
import type { Maxout } from '../nn/maxout';
import type { Pool2dLayer } from '../nn/pool2d-layer';
import type { ELU } from '../nn/activations/elu';
import type { LeakyReLU } from '../nn/activations/leaky-relu';
import type { PReLU } from '../nn/activations/prelu';
import type { Chain } from '../nn/chain';
import { attr, type GraphBuilder } from './graph-builder';
import { DATA_TYPE } from './schema';

/** Appends the ONNX form of `layer` to the chain; `base` is a unique-ish name stem such as "layer3". */
export type LayerExporter = (layer: Layer, g: GraphBuilder, base: string) => void;

const EXPORTERS = new Map<string, LayerExporter>([
  ['Dense', (l, g, base) => exportDense(l as Dense, g, base)],
  ['BatchNorm', (l, g, base) => exportBatchNorm(l as BatchNorm, g, base)],
  ['Maxout', (l, g, base) => exportMaxout(l as Maxout, g, base)],
  ['ReLU', (_l, g, base) => g.apply('Relu', `${base}_relu`)],
  [
    'LeakyReLU',
    (l, g, base) => g.apply('LeakyRelu', `${base}_leaky_relu`, [], [attr.float('alpha', (l as LeakyReLU).slope)]),
  ],
  ['ELU', (l, g, base) => g.apply('Elu', `${base}_elu`, [], [attr.float('alpha', (l as ELU).alpha)])],
  ['PReLU', (l, g, base) => exportPReLU(l as PReLU, g, base)],
  ['Sigmoid', (_l, g, base) => g.apply('Sigmoid', `${base}_sigmoid`)],
  ['Tanh', (_l, g, base) => g.apply('Tanh', `${base}_tanh`)],
  ['Softmax', (_l, g, base) => g.apply('Softmax', `${base}_softmax`, [], [attr.int('axis', -1)])],
  ['Identity', (_l, g, base) => g.apply('Identity', `${base}_identity`)],
  ['Dropout', () => {}],
  ['Conv2d', (l, g, base) => exportConv2d(l as Conv2d, g, base)],
  [
    'MaxPool2d',
    (l, g, base) => g.apply('MaxPool', `${base}_maxpool`, [], windowAttributes(l as Pool2dLayer), undefined),
  ],
  [
    'AvgPool2d',
    (l, g, base) =>
      g.apply(
        'AveragePool',
        `${base}_avgpool`,
        [],
        [...windowAttributes(l as Pool2dLayer), attr.int('count_include_pad', 1)],
        undefined,
      ),
  ],
  [
    'GlobalAvgPool2d',
    (_l, g, base) => {
      g.apply('GlobalAveragePool', `${base}_global_avgpool`, [], [], undefined);
      g.apply('Flatten', `${base}_flatten`);
    },
  ],
  ['Flatten', (_l, g, base) => g.apply('Flatten', `${base}_flatten`, [], [attr.int('axis', 1)])],
  ['CategoryEmbedding', (l, g, base) => exportCategoryEmbedding(l as CategoryEmbedding, g, base)],
  ['Chain', (l, g, base) => exportLayers((l as Chain).layers, g, `${base}.`)],
]);

/** Appends every layer in order; an Error names the first layer without an ONNX form. */
export function exportLayers(layers: readonly Layer[], g: GraphBuilder, prefix = 'layer'): void {
  layers.forEach((layer, i) => {
    const type = layer.config().type;
    const exporter = EXPORTERS.get(type);
    if (!exporter)
      throw new Error(
        `exportONNX: ${prefix}${i} (${layer.describe()}) has no ONNX form; nnkit exports ` +
          `${[...EXPORTERS.keys()].join(', ')} (registerONNXExporter adds others)`,
      );
    exporter(layer, g, `${prefix}${i}`);
  });
}

/** Makes exportONNX understand another layer type (the `type` of its config()). */
export function registerONNXExporter(type: string, exporter: LayerExporter): void {
  EXPORTERS.set(type, exporter);
}

const IMAGE_LAYERS = new Set(['Conv2d', 'MaxPool2d', 'AvgPool2d', 'GlobalAvgPool2d', 'Flatten']);

/** The layers in order, containers opened. */
function flatLayers(layers: readonly Layer[]): Layer[] {
  return layers.flatMap((l) => (l.config().type === 'Chain' ? flatLayers((l as Chain).layers) : [l]));
}

/** One input sample's dims as the layers fix them: [D] for row models (the first layer with a width), [C, H, W]
 *  for image models (`imageShape`, else the first Conv2d's channels with symbolic height and width). */
export function inputDimsOf(layers: readonly Layer[], imageShape?: readonly number[]): (number | string)[] | undefined {
  const flat = flatLayers(layers);
  if (flat.some((l) => IMAGE_LAYERS.has(l.config().type))) {
    if (imageShape?.length === 3) return [...imageShape];
    const conv = flat.find((l) => l.config().type === 'Conv2d') as Conv2d | undefined;
    return [conv?.inChannels ?? 'channels', 'height', 'width'];
  }
  for (const l of flat) {
    const c = l.config();
    if (c.type === 'Dense' || c.type === 'Maxout' || c.type === 'CategoryEmbedding') return [c.inFeatures as number];
    if (c.type === 'BatchNorm') return [c.features as number];
    if (c.type === 'PReLU' && (c.channels as number) > 1) return [c.channels as number];
  }
  return undefined;
}

function exportDense(l: Dense, g: GraphBuilder, base: string): void {
  const w = g.floats(`${base}.weight`, [l.outFeatures, l.inFeatures], l.weight.value);
  const inputs = l.bias ? [w, g.floats(`${base}.bias`, [l.outFeatures], l.bias.value)] : [w];
  g.apply('Gemm', `${base}_gemm`, inputs, [attr.int('transB', 1)], l.outFeatures);
}

function exportBatchNorm(l: BatchNorm, g: GraphBuilder, base: string): void {
  const D = [l.features];
  const inputs = [
    g.floats(`${base}.gamma`, D, l.gamma.value),
    g.floats(`${base}.beta`, D, l.beta.value),
    g.floats(`${base}.runningMean`, D, l.runningMean.value),
    g.floats(`${base}.runningVar`, D, l.runningVar.value),
  ];
  const attributes = [attr.float('epsilon', l.eps), attr.float('momentum', 1 - l.momentum)];
  g.apply('BatchNormalization', `${base}_batchnorm`, inputs, attributes);
  if (l.relu) g.apply('Relu', `${base}_relu`);
}

function exportMaxout(l: Maxout, g: GraphBuilder, base: string): void {
  const O = l.outFeatures,
    K = l.pieces;
  const w = g.floats(`${base}.weight`, [O * K, l.inFeatures], l.weight.value);
  const b = g.floats(`${base}.bias`, [O * K], l.bias.value);
  g.apply('Gemm', `${base}_gemm`, [w, b], [attr.int('transB', 1)], O * K);
  // rows g·K .. g·K + K − 1 of W are unit g's pieces, so [N, O·K] → [N, O, K] groups them on the last axis
  g.apply('Reshape', `${base}_pieces`, [g.int64s(`${base}.pieces_shape`, [-1, O, K])]);
  if (g.opset >= 18) g.apply('ReduceMax', `${base}_max`, [g.int64s(`${base}.axes`, [2])], [attr.int('keepdims', 0)], O);
  else g.apply('ReduceMax', `${base}_max`, [], [attr.ints('axes', [2]), attr.int('keepdims', 0)], O);
}

function exportConv2d(l: Conv2d, g: GraphBuilder, base: string): void {
  const [kh, kw] = l.kernelSize;
  const w = g.floats(`${base}.weight`, [l.outChannels, l.inChannels, kh, kw], l.weight.value);
  const inputs = l.bias ? [w, g.floats(`${base}.bias`, [l.outChannels], l.bias.value)] : [w];
  const attributes = [...windowAttributes(l), attr.ints('dilations', [...l.dilation])];
  g.apply('Conv', `${base}_conv`, inputs, attributes, undefined);
}

/** kernel_shape, strides and pads ([top, left, bottom, right] = [ph, pw, ph, pw]) of a 2-D window layer. */
function windowAttributes(l: { kernelSize: [number, number]; stride: [number, number]; padding: [number, number] }) {
  const [ph, pw] = l.padding;
  return [
    attr.ints('kernel_shape', [...l.kernelSize]),
    attr.ints('strides', [...l.stride]),
    attr.ints('pads', [ph, pw, ph, pw]),
  ];
}

/** The dense columns, then each categorical column's index looked up in its table: [N, D + Σ d_k]. */
function exportCategoryEmbedding(l: CategoryEmbedding, g: GraphBuilder, base: string): void {
  const x = g.current,
    D = l.denseFeatures;
  const columns = (from: number, to: number, name: string) =>
    g.node('Slice', name, [
      x,
      g.int64s(`${name}.starts`, [from]),
      g.int64s(`${name}.ends`, [to]),
      g.int64s(`${name}.axes`, [1]),
    ]);
  const parts = D > 0 ? [columns(0, D, `${base}_dense`)] : [];
  l.tables.forEach((table, k) => {
    const column = columns(D + k, D + k + 1, `${base}_column${k}`); // [N, 1], a whole number stored as a float
    const index = g.node('Cast', `${base}_index${k}`, [column], [attr.int('to', DATA_TYPE.INT64)]);
    const E = g.floats(`${base}.embedding${k}`, table.shape, table.value);
    const rows = g.node('Gather', `${base}_rows${k}`, [E, index], [attr.int('axis', 0)]); // [N, 1, d_k]
    parts.push(g.node('Flatten', `${base}_embedding${k}`, [rows], [attr.int('axis', 1)]));
  });
  g.current = g.node('Concat', `${base}_concat`, parts, [attr.int('axis', 1)]);
  g.width = l.outFeatures;
}

function exportPReLU(l: PReLU, g: GraphBuilder, base: string): void {
  // slope [1] broadcasts over everything; [D] broadcasts over the rows of [N, D] (ONNX unidirectional broadcast)
  g.apply('PRelu', `${base}_prelu`, [g.floats(`${base}.slope`, [l.channels], l.slope.value)]);
}
