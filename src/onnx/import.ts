// importONNX(path | bytes): an ONNX MLP as a trainable nnkit Model (predict, fit further, save). The graph must be
// a chain from its one input [batch, ...features] to its one output: each computed tensor read by exactly one node,
// every other node input a constant. Ops map as in import-ops.ts; anything else is an Error naming the node, its op
// type and what is supported, never a silently different model.
import { readFile } from 'node:fs/promises';
import { markLoadedWeights } from '../infer/worker-fit-gate';
import { MAGIC } from '../io/model-file';
import { Model } from '../model';
import type { Layer } from '../nn/layer';
import { nodeName, viewGraph, type GraphView } from './import-graph';
import { opImporter, SUPPORTED_OPS, type OpContext, type OpImporter } from './import-ops';
import { headPreprocessing } from './import-preprocessing';
import { DATA_TYPE, DATA_TYPE_NAMES, decodeModel, type GraphProto, type ModelProto, type NodeProto } from './schema';

/** Default-domain opsets whose versions of the supported ops this importer knows. */
const OPSETS = { min: 9, max: 21 };

export interface ONNXImportOptions {
  /** Leave out a final Softmax, so the model outputs logits: what fit's default softmax cross-entropy expects when
   *  fine-tuning a classifier exported with its probabilities (Keras models usually are). Default false. */
  logits?: boolean;
  /** Class names to record with the model (one per output; default: metadata_props "class_names", when present). */
  classNames?: string[];
}

export async function importONNX(source: string | Uint8Array, opts: ONNXImportOptions = {}): Promise<Model> {
  const what = typeof source === 'string' ? `importONNX: ${source}` : 'importONNX';
  let bytes: Uint8Array;
  if (typeof source === 'string') {
    try {
      bytes = await readFile(source);
    } catch (e) {
      throw new Error(`importONNX: cannot read ${source}: ${(e as Error).message}`);
    }
  } else if (source instanceof Uint8Array) bytes = source;
  else throw new TypeError('importONNX: expected a file path or the bytes of an ONNX model');
  const model = modelFromONNX(decode(bytes, what), what, opts);
  markLoadedWeights(model); // trained elsewhere: a worker fit (fine-tuning) answers predicts from these weights
  return model;
}

function decode(bytes: Uint8Array, what: string): ModelProto {
  if (Buffer.from(bytes.subarray(0, 8)).toString('latin1') === MAGIC)
    throw new Error(`${what} is an nnkit model file, not ONNX: open it with loadModel`);
  try {
    return decodeModel(bytes, what);
  } catch (e) {
    throw new Error(`${what} is not a valid ONNX model (${(e as Error).message.replace(`${what}: `, '')})`);
  }
}

export function modelFromONNX(m: ModelProto, what: string, opts: ONNXImportOptions = {}): Model {
  const opset = defaultOpset(m, what);
  const g = m.graph;
  if (m.functions)
    throw new Error(`${what}: model-local functions are not supported (the graph must use standard ops)`);
  if (g.sparseInitializers) throw new Error(`${what}: sparse initializers are not supported`);
  const view = viewGraph(g, what);
  const input = dataInput(g, view, what);
  if (g.outputs.length !== 1) throw new Error(`${what}: the graph has ${g.outputs.length} outputs; nnkit imports one`);
  const features = input.dims.reduce((a, b) => a * b, 1);
  const head = headPreprocessing(view, input.name, features, what);
  const dims = head.dims ?? input.dims;
  const start = { tensor: head.current, used: head.used, dims, rank: dims.length + 1 };
  const { layers, width, sampleShape } = walkChain(view, start, g.outputs[0].name, opset, what);
  while (layers[0]?.config().type === 'Flatten') layers.shift(); // at the input: the model takes rows
  if (opts.logits && layers[layers.length - 1]?.config().type === 'Softmax') layers.pop();
  const model = new Model(layers);
  model.preprocessing = head.preprocessing;
  model.datasetInfo = datasetInfo(m, sampleShape ?? input.dims, width, opts.classNames, what);
  return model.eval();
}

function defaultOpset(m: ModelProto, what: string): number {
  const o = m.opsetImports.find((x) => x.domain === '' || x.domain === 'ai.onnx');
  if (!o) throw new Error(`${what}: the model imports no default-domain (ai.onnx) opset`);
  if (o.version < OPSETS.min || o.version > OPSETS.max)
    throw new Error(
      `${what}: opset ${o.version} is not supported (nnkit imports opsets ${OPSETS.min} to ${OPSETS.max})`,
    );
  return o.version;
}

/** The graph's one data input (inputs that are also initializers are weights, as older exporters list them). */
function dataInput(g: GraphProto, view: GraphView, what: string): { name: string; dims: number[] } {
  const inputs = g.inputs.filter((v) => !view.isConstant(v.name));
  if (inputs.length !== 1)
    throw new Error(
      `${what}: the graph has ${inputs.length} data inputs (${inputs.map((v) => v.name).join(', ')}); nnkit imports one`,
    );
  const v = inputs[0];
  if (v.elemType !== DATA_TYPE.FLOAT)
    throw new Error(
      `${what}: input ${JSON.stringify(v.name)} is ${DATA_TYPE_NAMES[v.elemType ?? 0] ?? v.elemType}, expected FLOAT`,
    );
  const features = v.dims?.slice(1) ?? [];
  if (!v.dims || v.dims.length < 2 || !features.every((d) => typeof d === 'number' && d > 0))
    throw new Error(
      `${what}: input ${JSON.stringify(v.name)} must have a shape [batch, ...features] with fixed feature sizes, got ` +
        `[${(v.dims ?? []).map((d) => d ?? '?').join(', ')}]`,
    );
  return { name: v.name, dims: features as number[] };
}

/** Follows the data from `start` to `output`, one node (or a run such as MatMul + Add) at a time, collecting layers. */
function walkChain(
  view: GraphView,
  start: { tensor: string; used: NodeProto[]; dims: number[]; rank: number },
  output: string,
  opset: number,
  what: string,
): { layers: Layer[]; width: number | undefined; sampleShape?: number[] } {
  const layers: Layer[] = [];
  const used = new Set<NodeProto>(start.used);
  let current = start.tensor,
    dims = start.dims,
    rank = start.rank,
    featureOrder: number[] | undefined,
    sampleShape: number[] | undefined;
  while (current !== output) {
    const node = soleReader(view, current, what);
    if (used.has(node)) throw new Error(`${what}: ${nodeName(node)} is reached twice`);
    const atInput = layers.length === 0 && sampleShape === undefined && start.used.length === 0;
    const context = opContext(view, node, { dims, rank, featureOrder, atInput, opset, what });
    const result = importerFor(node, current, what)(context);
    sampleShape ??= result.sampleShape;
    let last = node;
    for (let i = 0; i <= (result.absorbed ?? 0); i++) {
      if (i > 0) last = soleReader(view, last.outputs[0], what);
      if (used.has(last)) throw new Error(`${what}: ${nodeName(last)} is reached twice`);
      used.add(last);
      checkSideOutputs(view, last, what);
    }
    layers.push(...result.layers);
    ({ dims, rank, featureOrder } = result);
    current = last.outputs[0];
  }
  if (featureOrder)
    throw new Error(`${what}: the output is channels-last data (a Transpose to NHWC without a Gemm/MatMul after it)`);
  const unused = view.order.filter((n) => !used.has(n));
  if (unused.length)
    throw new Error(
      `${what}: ${unused.map(nodeName).join(', ')} ${unused.length > 1 ? 'are' : 'is'} not on the chain from input to output`,
    );
  return { layers, width: dims.length === 1 ? dims[0] : undefined, sampleShape };
}

/** The importer of a node that reads the data `current` as its input 0; an Error naming it otherwise. */
function importerFor(node: NodeProto, current: string, what: string): OpImporter {
  const importer = opImporter(node.opType);
  if (!importer || node.domain !== '')
    throw new Error(`${what}: ${nodeName(node)} is not supported; nnkit imports chains of ${SUPPORTED_OPS.join(', ')}`);
  if (node.inputs[0] !== current)
    throw new Error(
      `${what}: ${nodeName(node)} reads the data as input ${node.inputs.indexOf(current)}; nnkit expects input 0`,
    );
  return importer;
}

function soleReader(view: GraphView, tensor: string, what: string): NodeProto {
  const readers = view.readers.get(tensor) ?? [];
  if (readers.length === 1) return readers[0];
  if (readers.length === 0)
    throw new Error(
      `${what}: tensor ${JSON.stringify(tensor)} leads nowhere (no node reads it and it is not the output)`,
    );
  throw new Error(
    `${what}: tensor ${JSON.stringify(tensor)} is read by ${readers.length} nodes (${readers.map(nodeName).join(', ')}); ` +
      'nnkit imports chains, where each result feeds one node',
  );
}

/** Extra outputs (Dropout's mask, BatchNormalization's batch statistics) must not feed anything. */
function checkSideOutputs(view: GraphView, node: NodeProto, what: string): void {
  for (const o of node.outputs.slice(1))
    if (o && view.readers.has(o))
      throw new Error(
        `${what}: ${nodeName(node)}'s output ${JSON.stringify(o)} is used; nnkit imports its first output only`,
      );
}

function opContext(
  view: GraphView,
  node: NodeProto,
  s: { dims: number[]; rank: number; featureOrder?: number[]; atInput: boolean; opset: number; what: string },
): OpContext {
  const nodeWhat = `${s.what}: ${nodeName(node)}`;
  return {
    node,
    what: nodeWhat,
    opset: s.opset,
    dims: s.dims,
    width: s.dims.reduce((a, b) => a * b, 1),
    rank: s.rank,
    featureOrder: s.featureOrder,
    atInput: s.atInput,
    constant: (i, optional = false) => {
      const name = node.inputs[i];
      if (name === undefined || name === '') {
        if (optional) return undefined;
        throw new Error(`${nodeWhat}: input ${i} is missing`);
      }
      const v = view.constant(name);
      if (!v)
        throw new Error(
          `${nodeWhat}: input ${i} (${JSON.stringify(name)}) must be a constant (an initializer), it is computed`,
        );
      return v;
    },
    isConstant: (name) => view.isConstant(name),
    constantOf: (name) => {
      const v = view.constant(name);
      if (!v) throw new Error(`${nodeWhat}: ${JSON.stringify(name)} is not a constant`);
      return v;
    },
    attribute: (name) => node.attributes.find((a) => a.name === name),
    nextReader: (tensor = node.outputs[0]) => {
      const readers = view.readers.get(tensor) ?? [];
      return readers.length === 1 ? readers[0] : undefined;
    },
  };
}

/** Class names (given, else metadata_props "class_names" as a JSON array; one per output), and the sample shape. */
function datasetInfo(
  m: ModelProto,
  sampleShape: number[],
  outputs: number | undefined,
  given: string[] | undefined,
  what: string,
): Record<string, unknown> {
  const info: Record<string, unknown> = { sampleShape };
  let names: unknown = given;
  try {
    names ??= JSON.parse(m.metadata.class_names ?? 'null');
  } catch {
    /* not JSON: not nnkit's metadata, ignored */
  }
  if (!Array.isArray(names)) return info;
  if (outputs !== undefined && names.length !== outputs) {
    if (given) throw new RangeError(`${what}: ${names.length} class names for a model with ${outputs} outputs`);
    return info; // the file's own metadata does not fit its graph: not trusted
  }
  info.classNames = names.map(String);
  return info;
}
