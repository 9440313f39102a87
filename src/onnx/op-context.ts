// What an ONNX op importer sees and returns (import-ops.ts, import-image-ops.ts, import-patterns.ts), and the
// helpers they share: attributes, errors naming the node, shape checks, constants broadcast to one per feature.
import type { Layer } from '../nn/layer';
import type { AttributeProto, NodeProto } from './schema';
import type { TensorValue } from './tensor-values';

/** What an op importer sees: its node, the data flowing in, and constants. */
export interface OpContext {
  node: NodeProto;
  /** `importONNX: file: node "name" (Op)`, the prefix of every error about this node. */
  what: string;
  opset: number;
  /** The incoming data's shape in the ONNX graph without the batch: [D] for rows, [C, H, W] for images. */
  dims: number[];
  /** Its size per sample (the product of dims). */
  width: number;
  /** The rank of the tensor the nnkit layers so far make: 4 for images, 2 for rows (GlobalAvgPool2d gives [N, C]
   *  where the graph has [N, C, 1, 1]). */
  rank: number;
  /** Set after a Transpose to channels-last ([batch, H, W, C], tf2onnx's form before a Flatten): the nnkit column
   *  (NCHW order) of each of the graph's features, in the graph's order. */
  featureOrder?: number[];
  /** No layer yet: this node reads the graph's input. */
  atInput: boolean;
  /** Input i as a constant (an Error when it is computed or missing); undefined when optional and absent. */
  constant(i: number, optional?: boolean): TensorValue | undefined;
  /** A constant tensor by name (for inputs of other nodes, such as the bias of MatMul's Add). */
  isConstant(name: string): boolean;
  constantOf(name: string): TensorValue;
  attribute(name: string): AttributeProto | undefined;
  /** The one node reading `tensor` (default: this node's output), if exactly one does (MatMul looks for its Add). */
  nextReader(tensor?: string): NodeProto | undefined;
}

/** The layers an op becomes and the data it leaves (as OpContext's dims and rank); `absorbed`: how many nodes
 *  after it (each the sole reader of the one before) it also consumed, such as MatMul's Add. */
export interface OpResult {
  layers: Layer[];
  dims: number[];
  rank: number;
  absorbed?: number;
  featureOrder?: number[];
  /** What the model's input samples are, when the op changed it at the input (a Transpose from NHWC). */
  sampleShape?: number[];
}

export type OpImporter = (c: OpContext) => OpResult;

export const same = (c: OpContext, layers: Layer[]): OpResult => ({
  layers,
  dims: c.dims,
  rank: c.rank,
  featureOrder: c.featureOrder,
});

/** An Error for ops with per-feature or per-channel parameters on channels-last data. */
export function needGraphOrder(c: OpContext): void {
  if (c.featureOrder)
    fail(
      c,
      'follows a Transpose to channels-last (NHWC); after it nnkit imports only Flatten or Reshape then Gemm or ' +
        'MatMul, ReduceMean over H and W, and activations',
    );
}

/** W [out, in] with its columns moved from the graph's feature order to nnkit's (see featureOrder). */
export function inNnkitOrder(c: OpContext, w: Float32Array, out: number, inFeatures: number): Float32Array {
  const order = c.featureOrder;
  if (!order || order.length !== inFeatures) return w;
  const moved = new Float32Array(w.length);
  for (let o = 0; o < out; o++)
    for (let i = 0; i < inFeatures; i++) moved[o * inFeatures + order[i]] = w[o * inFeatures + i];
  return moved;
}
export const float = (c: OpContext, name: string, fallback: number) =>
  shortestFloat32(c.attribute(name)?.f ?? fallback);
export const int = (c: OpContext, name: string, fallback: number) => c.attribute(name)?.i ?? fallback;

/** The shortest decimal that reads back as the same float32: a file's alpha 0.2 is the float32 0.200000003, and
 *  the layer should say 0.2. */
export function shortestFloat32(v: number): number {
  for (let digits = 1; digits < 9; digits++) {
    const d = Number(v.toPrecision(digits));
    if (Math.fround(d) === v) return d;
  }
  return v;
}

export function fail(c: OpContext, why: string): never {
  throw new Error(`${c.what}: ${why}`);
}

export function needRank2(c: OpContext): number {
  if (c.dims.length !== 1) fail(c, `expects rows [batch, features], got [batch, ${c.dims.join(', ')}]`);
  return c.dims[0];
}

/** A float constant broadcast to [n] ([], [1], [n] or [1, n]). */
export function vector(c: OpContext, v: TensorValue, n: number, what: string): Float32Array {
  const size = v.dims.reduce((a, b) => a * b, 1);
  const rowShaped = v.dims.length <= 1 || (v.dims.length === 2 && v.dims[0] === 1);
  if (!v.floats || !rowShaped || (size !== n && size !== 1))
    fail(c, `${what} must be float [${n}] (or one value), got dims [${v.dims.join(', ')}]`);
  return size === n ? v.floats : new Float32Array(n).fill(v.floats[0]);
}
