// ONNX ops as nnkit layers, for the graphs torch.onnx.export writes for nn.Sequential MLPs and tf2onnx writes for
// Keras Dense stacks:
//   Gemm(x, B, C)   y = α·x·op(B) + β·C      → Dense, W = α·(transB ? B : Bᵀ) [out, in], b = β·C broadcast to [out]
//   MatMul(x, B) [+ Add(·, c)]  y = x·B + c   → Dense, W = Bᵀ, b = c (no Add: a Dense without bias)
//   BatchNormalization(x, γ, β, μ, σ²)        → BatchNorm (eval: running estimates), nnkit momentum = 1 − ONNX's
//   Relu, LeakyRelu(α), PRelu(slope [1] or [D]), Elu(α), Sigmoid, Tanh, Softmax(last axis), Identity → the layer
//   Dropout(ratio)                            → Dropout(ratio) (the identity when predicting; active in fit)
//   Flatten(axis 1), Reshape to [batch, D]    → Flatten when the data is images (nothing for rows)
//   image ops (Conv, pooling): import-image-ops.ts;  Maxout's and Keras BatchNorm's node runs: import-patterns.ts
// Every other input than the data must be a constant; anything else is an Error naming the node.
import { BatchNorm } from '../nn/batch-norm';
import { Dense } from '../nn/dense';
import { Dropout } from '../nn/dropout';
import { Flatten } from '../nn/flatten';
import { ELU } from '../nn/activations/elu';
import { Identity } from '../nn/activations/identity';
import { LeakyReLU } from '../nn/activations/leaky-relu';
import { PReLU } from '../nn/activations/prelu';
import { ReLU } from '../nn/activations/relu';
import { Sigmoid } from '../nn/activations/sigmoid';
import { Softmax } from '../nn/activations/softmax';
import { Tanh } from '../nn/activations/tanh';
import type { NodeProto } from './schema';
import type { TensorValue } from './tensor-values';
import { IMAGE_IMPORTERS } from './import-image-ops';
import { maxoutAfter, PATTERN_IMPORTERS } from './import-patterns';
import {
  fail,
  float,
  inNnkitOrder,
  int,
  needGraphOrder,
  needRank2,
  same,
  shortestFloat32,
  vector,
  type OpContext,
  type OpImporter,
  type OpResult,
} from './op-context';

export type { OpContext, OpImporter } from './op-context';

const IMPORTERS = new Map<string, OpImporter>([
  ['Gemm', importGemm],
  ['MatMul', importMatMul],
  ['BatchNormalization', importBatchNorm],
  ['Relu', (c) => same(c, [new ReLU()])],
  ['LeakyRelu', (c) => same(c, [new LeakyReLU({ slope: float(c, 'alpha', 0.01) })])],
  ['Elu', (c) => same(c, [new ELU({ alpha: float(c, 'alpha', 1) })])],
  ['PRelu', importPRelu],
  ['Sigmoid', (c) => same(c, [new Sigmoid()])],
  ['Tanh', (c) => same(c, [new Tanh()])],
  ['Softmax', importSoftmax],
  ['Identity', (c) => same(c, [new Identity()])],
  ['Dropout', importDropout],
  ['Flatten', importFlatten],
  ['Reshape', importReshape],
  ...IMAGE_IMPORTERS,
  ...PATTERN_IMPORTERS,
]);

export const SUPPORTED_OPS = [
  ...IMPORTERS.keys(),
  'Add (after MatMul or Mul)',
  'Reshape + ReduceMax (after Gemm: Maxout)',
  'Constant',
  'Sub and Div (at the input)',
];

export function opImporter(opType: string): OpImporter | undefined {
  return IMPORTERS.get(opType);
}

/** A 2-D float constant [rows, cols]. */
function matrix(c: OpContext, i: number): { rows: number; cols: number; values: Float32Array } {
  const v = c.constant(i) as TensorValue;
  if (v.dims.length !== 2 || !v.floats)
    fail(c, `input ${i} must be a 2-D float matrix, got dims [${v.dims.join(', ')}]`);
  return { rows: v.dims[0], cols: v.dims[1], values: v.floats };
}

/** A Dense from W [out, in] (already transposed to nnkit's layout) and an optional bias. */
function dense(c: OpContext, inFeatures: number, outFeatures: number, w: Float32Array, b?: Float32Array): OpResult {
  const width = needRank2(c);
  if (width !== inFeatures) fail(c, `its weight takes ${inFeatures} features, the data has ${width}`);
  const layer = new Dense(inFeatures, outFeatures, { bias: b !== undefined, seed: 0 });
  layer.weight.value.set(w);
  if (b && layer.bias) layer.bias.value.set(b);
  return { layers: [layer], dims: [outFeatures], rank: 2 };
}

function transpose(m: { rows: number; cols: number; values: Float32Array }, scale = 1): Float32Array {
  const out = new Float32Array(m.values.length);
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < m.cols; j++) out[j * m.rows + i] = scale * m.values[i * m.cols + j];
  return out;
}

function importGemm(c: OpContext): OpResult {
  if (int(c, 'transA', 0) !== 0) fail(c, 'transA = 1 is not supported (the data must be [batch, features])');
  const alpha = float(c, 'alpha', 1),
    beta = float(c, 'beta', 1);
  const B = matrix(c, 1),
    transB = int(c, 'transB', 0) !== 0;
  const [out, inF] = transB ? [B.rows, B.cols] : [B.cols, B.rows];
  const w = inNnkitOrder(c, transB ? B.values.map((v) => alpha * v) : transpose(B, alpha), out, inF);
  const C = c.constant(2, true);
  const bias = C && vector(c, C, out, 'its bias C').map((v) => beta * v);
  const maxout = needRank2(c) === inF ? maxoutAfter(c, inF, out, w, bias) : undefined; // dense() names a misfit
  return maxout ?? dense(c, inF, out, w, bias);
}

/** MatMul(x, B [in, out]), with the bias of a following Add(·, c) when one reads its output. */
function importMatMul(c: OpContext): OpResult {
  const B = matrix(c, 1);
  const next = c.nextReader();
  const add = next?.opType === 'Add' && next.domain === '' ? next : undefined;
  const biasInput = add?.inputs.find((name) => name !== c.node.outputs[0]);
  const bias = add && biasInput !== undefined ? addBias(c, add, biasInput, B.cols) : undefined;
  const w = inNnkitOrder(c, transpose(B), B.cols, B.rows);
  return { ...dense(c, B.rows, B.cols, w, bias), absorbed: bias !== undefined ? 1 : 0 };
}

/** The bias of the Add after a MatMul, when its other input is a constant [out] (or [1, out]). */
function addBias(c: OpContext, add: NodeProto, input: string, out: number): Float32Array | undefined {
  if (add.inputs.length !== 2 || !c.isConstant(input)) return undefined;
  return vector(c, c.constantOf(input), out, 'the bias of the Add after it');
}

/** Over the features of rows [D], or the channels of images [C, H, W]. */
function importBatchNorm(c: OpContext): OpResult {
  needGraphOrder(c);
  const D = c.dims[0];
  if (int(c, 'training_mode', 0) !== 0)
    fail(c, 'is in training mode (training_mode = 1); export the model in eval mode (model.eval())');
  const [gamma, beta, mean, variance] = [1, 2, 3, 4].map((i) =>
    vector(c, c.constant(i) as TensorValue, D, `input ${i}`),
  );
  const momentum = float(c, 'momentum', 0.9);
  if (!(momentum >= 0 && momentum <= 1)) fail(c, `momentum must be in [0, 1], got ${momentum}`);
  const bn = new BatchNorm(D, { eps: float(c, 'epsilon', 1e-5), momentum: 1 - momentum });
  bn.gamma.value.set(gamma);
  bn.beta.value.set(beta);
  bn.runningMean.value.set(mean);
  bn.runningVar.value.set(variance);
  return same(c, [bn]);
}

function importPRelu(c: OpContext): OpResult {
  const v = c.constant(1) as TensorValue;
  const size = v.dims.reduce((a, b) => a * b, 1);
  if (size !== 1) needGraphOrder(c);
  if (!v.floats || (size !== 1 && (c.dims.length !== 1 || size !== c.width)))
    fail(
      c,
      `slope must be one value or one per feature of rows [${c.dims.length === 1 ? c.width : 'D'}], got dims ` +
        `[${v.dims.join(', ')}] for data [batch, ${c.dims.join(', ')}]`,
    );
  const prelu = new PReLU({ channels: size });
  prelu.slope.value.set(v.floats);
  return same(c, [prelu]);
}

function importSoftmax(c: OpContext): OpResult {
  needRank2(c);
  const axis = int(c, 'axis', c.opset >= 13 ? -1 : 1);
  if (axis !== -1 && axis !== 1) fail(c, `axis ${axis} is not the feature axis (1 or −1)`);
  return same(c, [new Softmax()]);
}

function importDropout(c: OpContext): OpResult {
  const ratio = c.opset >= 12 ? c.constant(1, true)?.floats?.[0] : c.attribute('ratio')?.f;
  const p = shortestFloat32(ratio ?? 0.5);
  if (!(p >= 0 && p < 1)) fail(c, `ratio must be in [0, 1), got ${p}`);
  return same(c, [new Dropout(p, { seed: 0 })]);
}

function importFlatten(c: OpContext): OpResult {
  if (int(c, 'axis', 1) !== 1) fail(c, `only axis 1 (keep the batch, flatten the rest) is supported`);
  return toRows(c);
}

/** [batch, ...dims] → [batch, width]: a Flatten layer when nnkit's tensor has more than 2 dims (importONNX drops
 *  one at the input: the model takes rows). */
function toRows(c: OpContext): OpResult {
  return { layers: c.rank > 2 ? [new Flatten()] : [], dims: [c.width], rank: 2, featureOrder: c.featureOrder };
}

/** Reshape to [batch, features] (Keras/tf2onnx's Flatten): shape [-1, D], [0, -1] or [0, D] with D the width. */
function importReshape(c: OpContext): OpResult {
  const shape = c.constant(1)?.ints ?? [];
  const keepsRows =
    shape.length === 2 &&
    ((shape[0] === -1 && shape[1] === c.width) || (shape[0] === 0 && (shape[1] === -1 || shape[1] === c.width)));
  if (!keepsRows) fail(c, `only a reshape to [batch, ${c.width}] is supported, got [${shape.join(', ')}]`);
  return toRows(c);
}
