// Runs of ONNX nodes that are one nnkit layer:
//   Gemm [N, O·K] → Reshape [−1 or 0, O, K] → ReduceMax(axes [2] or [−1], keepdims 0)   → Maxout(in, O, K)
//     (exportONNX's Maxout: rows g·K … g·K + K − 1 of the Gemm's W are unit g's pieces, as in Maxout's W)
//   Mul(x, s) → Add(·, o), s and o constants per feature (rows) or per channel (images [C, 1, 1])
//     → BatchNorm with γ = s, β = o, running mean 0, running variance 1 − ε, ε = 1e-3 (Keras's):
//       y = s·(x − 0)/√(1 − ε + ε) + o = s·x + o when predicting: a Keras BatchNormalization as tf2onnx folds it;
//       fit trains it as a BatchNorm (batch statistics), as Keras would
import { BatchNorm } from '../nn/batch-norm';
import { Maxout } from '../nn/maxout';
import type { NodeProto } from './schema';
import { fail, needGraphOrder, type OpContext, type OpImporter, type OpResult } from './op-context';
import type { TensorValue } from './tensor-values';

const KERAS_EPSILON = 1e-3;

export const PATTERN_IMPORTERS: [string, OpImporter][] = [['Mul', importScaleShift]];

const isOp = (n: NodeProto | undefined, op: string): n is NodeProto => n?.opType === op && n.domain === '';

/** The Maxout a Gemm (W [out, in] in nnkit's layout, bias [out]) starts, when Reshape + ReduceMax follow it. */
export function maxoutAfter(
  c: OpContext,
  inFeatures: number,
  out: number,
  w: Float32Array,
  bias: Float32Array | undefined,
): OpResult | undefined {
  const reshape = c.nextReader();
  if (!isOp(reshape, 'Reshape') || !c.isConstant(reshape.inputs[1] ?? '')) return undefined;
  const shape = c.constantOf(reshape.inputs[1]).ints ?? [];
  const reduce = c.nextReader(reshape.outputs[0]);
  if (shape.length !== 3 || !isOp(reduce, 'ReduceMax')) return undefined;
  const [batch, O, K] = shape;
  if ((batch !== -1 && batch !== 0) || !(O > 0 && K > 0) || O * K !== out)
    fail(c, `then Reshape to [${shape.join(', ')}]: a Maxout needs [batch, units, pieces] with units·pieces = ${out}`);
  const axesInput = reduce.inputs[1];
  const axes =
    c.opset >= 18
      ? axesInput
        ? c.constantOf(axesInput).ints
        : undefined
      : reduce.attributes.find((a) => a.name === 'axes')?.ints;
  const keepdims = reduce.attributes.find((a) => a.name === 'keepdims')?.i ?? 1;
  if (axes?.length !== 1 || (axes[0] !== 2 && axes[0] !== -1) || keepdims !== 0)
    fail(c, 'then Reshape + ReduceMax: a Maxout needs the max over the last axis (axes [2], keepdims 0)');
  const maxout = new Maxout(inFeatures, O, K, { seed: 0 });
  maxout.weight.value.set(w);
  maxout.bias.value.set(bias ?? new Float32Array(out));
  return { layers: [maxout], dims: [O], rank: 2, absorbed: 2 };
}

/** Mul by a constant then Add of a constant: a BatchNorm that predicts s·x + o. */
function importScaleShift(c: OpContext): OpResult {
  needGraphOrder(c);
  const features = c.dims[0];
  const add = c.nextReader();
  const offsetName = add?.inputs.find((name) => name !== c.node.outputs[0]);
  if (!isOp(add, 'Add') || add.inputs.length !== 2 || offsetName === undefined || !c.isConstant(offsetName))
    fail(c, 'Mul is supported when an Add of a constant follows it (the form of a folded BatchNormalization)');
  const scale = perFeature(c, c.constant(1) as TensorValue, 'its scale');
  const offset = perFeature(c, c.constantOf(offsetName), 'the Add after it');
  const bn = new BatchNorm(features, { eps: KERAS_EPSILON });
  bn.gamma.value.set(scale);
  bn.beta.value.set(offset);
  bn.runningMean.value.fill(0);
  bn.runningVar.value.fill(1 - KERAS_EPSILON);
  return { layers: [bn], dims: c.dims, rank: c.rank, absorbed: 1 };
}

/** A float constant with one value, or one per feature of rows [D] ([D] or [1, D]) or per channel of images
 *  [C, H, W] ([C, 1, 1] or [1, C, 1, 1]), as [D] or [C]. */
function perFeature(c: OpContext, v: TensorValue, what: string): Float32Array {
  const n = c.dims[0];
  const size = v.dims.reduce((a, b) => a * b, 1);
  const shape = v.dims.join();
  const fits =
    size === 1 ||
    (c.dims.length === 1 ? shape === `${n}` || shape === `1,${n}` : shape === `${n},1,1` || shape === `1,${n},1,1`);
  if (!v.floats || !fits)
    fail(
      c,
      `${what} must be float, one value or one per ${c.dims.length === 1 ? 'feature' : 'channel'} ([${n}] for ` +
        `data [batch, ${c.dims.join(', ')}]), got dims [${v.dims.join(', ')}]`,
    );
  return size === n ? v.floats : new Float32Array(n).fill(v.floats[0]);
}
