// An ONNX graph made ready to read as a chain: nodes in dependency order (Kahn's algorithm: a cycle, a tensor read
// but never made, or a tensor made twice is an Error naming the nodes), constants folded (initializers, Constant
// nodes, Identity/Transpose of constants — what torch.onnx.export leaves for shared or transposed weights — and the
// batch-size shape arithmetic of PyTorch's x.view(x.size(0), −1): fold-batch-shape.ts),
// and for every computed tensor the nodes that read it.
import type { GraphProto, NodeProto, TensorProto } from './schema';
import { foldBatchShape, type BatchSymbol } from './fold-batch-shape';
import { tensorValue, type TensorValue } from './tensor-values';

export interface GraphView {
  /** The compute nodes (not folded into constants), in dependency order. */
  order: NodeProto[];
  /** Nodes reading each computed tensor. */
  readers: Map<string, NodeProto[]>;
  /** A constant's values by tensor name (decoded, and checked, on first use); undefined when it is computed. */
  constant(name: string): TensorValue | undefined;
  isConstant(name: string): boolean;
}

/** `node "name" (OpType)`, for error messages. */
export function nodeName(n: NodeProto): string {
  return `node ${JSON.stringify(n.name || n.outputs[0] || '')} (${n.opType})`;
}

export function viewGraph(graph: GraphProto, what: string): GraphView {
  const initializers = new Map<string, TensorProto>();
  for (const t of graph.initializers) {
    if (initializers.has(t.name)) throw new Error(`${what}: two initializers are named ${JSON.stringify(t.name)}`);
    initializers.set(t.name, t);
  }
  const decoded = new Map<string, TensorValue>();
  const constant = (name: string): TensorValue | undefined => {
    const known = decoded.get(name);
    if (known) return known;
    const t = initializers.get(name);
    if (!t) return undefined;
    const value = tensorValue(t, `${what}: initializer ${JSON.stringify(name)}`);
    decoded.set(name, value);
    return value;
  };
  const isConstant = (name: string) => initializers.has(name) || decoded.has(name);
  const order: NodeProto[] = [];
  const symbols = new Map<string, BatchSymbol>();
  for (const node of dependencyOrder(graph, initializers, what)) {
    const folded = foldConstant(node, constant, isConstant, `${what}: ${nodeName(node)}`);
    const shape = folded ? undefined : foldBatchShape(node, symbols, constant);
    if (folded) decoded.set(node.outputs[0], folded);
    else if (shape && 'symbol' in shape) symbols.set(node.outputs[0], shape.symbol);
    else if (shape) decoded.set(node.outputs[0], shape.value);
    else order.push(node);
  }
  const readers = new Map<string, NodeProto[]>();
  for (const n of order) for (const i of new Set(n.inputs)) if (i && !isConstant(i)) pushTo(readers, i, n);
  return { order, readers, constant, isConstant };
}

/** Kahn's algorithm: every node after the nodes making its inputs. */
function dependencyOrder(graph: GraphProto, initializers: Map<string, TensorProto>, what: string): NodeProto[] {
  const available = new Set<string>(['', ...initializers.keys(), ...graph.inputs.map((v) => v.name)]);
  const maker = new Map<string, NodeProto>();
  for (const n of graph.nodes) {
    for (const o of n.outputs.filter(Boolean)) {
      if (available.has(o) || maker.has(o))
        throw new Error(
          `${what}: tensor ${JSON.stringify(o)} is made twice (${nodeName(n)} and another node or input)`,
        );
      maker.set(o, n);
    }
  }
  const waiting = new Map<NodeProto, number>();
  const waiters = new Map<string, NodeProto[]>();
  const ready: NodeProto[] = [];
  for (const n of graph.nodes) {
    const missing = new Set(n.inputs.filter((i) => !available.has(i)));
    for (const i of missing) {
      if (!maker.has(i))
        throw new Error(
          `${what}: ${nodeName(n)} reads ${JSON.stringify(i)}, which no node, initializer or input makes`,
        );
      pushTo(waiters, i, n);
    }
    waiting.set(n, missing.size);
    if (missing.size === 0) ready.push(n);
  }
  const order: NodeProto[] = [];
  for (let next = 0; next < ready.length; next++) {
    const n = ready[next];
    order.push(n);
    for (const o of n.outputs) {
      for (const w of waiters.get(o) ?? []) {
        const left = (waiting.get(w) as number) - 1;
        waiting.set(w, left);
        if (left === 0) ready.push(w);
      }
    }
  }
  if (order.length < graph.nodes.length) {
    const placed = new Set(order),
      stuck = graph.nodes.filter((n) => !placed.has(n));
    throw new Error(
      `${what}: the graph has a cycle: ${stuck.slice(0, 6).map(nodeName).join(', ')}` +
        `${stuck.length > 6 ? ` and ${stuck.length - 6} more` : ''} each wait for another's output`,
    );
  }
  return order;
}

/** The value of a node computed from constants only (Constant; Identity or 2-D Transpose of a constant). */
function foldConstant(
  n: NodeProto,
  constant: (name: string) => TensorValue | undefined,
  isConstant: (name: string) => boolean,
  what: string,
): TensorValue | undefined {
  if (n.opType === 'Constant' && n.domain === '') return constantNodeValue(n, what);
  if (n.domain !== '' || n.inputs.length !== 1 || !isConstant(n.inputs[0])) return undefined;
  if (n.opType === 'Identity') return constant(n.inputs[0]);
  if (n.opType !== 'Transpose') return undefined;
  const v = constant(n.inputs[0]) as TensorValue;
  const perm = n.attributes.find((a) => a.name === 'perm')?.ints ?? [1, 0];
  if (v.dims.length !== 2 || perm.join() !== '1,0' || !v.floats) return undefined;
  const [r, c] = v.dims,
    out = new Float32Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = v.floats[i * c + j];
  return { dims: [c, r], floats: out };
}

function constantNodeValue(n: NodeProto, what: string): TensorValue {
  const a = n.attributes[0];
  if (n.attributes.length !== 1) throw new Error(`${what}: a Constant needs exactly one value attribute`);
  if (a.name === 'value' && a.t) return tensorValue(a.t, what);
  if (a.name === 'value_float' && a.f !== undefined) return { dims: [], floats: Float32Array.of(a.f) };
  if (a.name === 'value_floats' && a.floats) return { dims: [a.floats.length], floats: Float32Array.from(a.floats) };
  if (a.name === 'value_int' && a.i !== undefined) return { dims: [], ints: [a.i] };
  if (a.name === 'value_ints' && a.ints) return { dims: [a.ints.length], ints: a.ints };
  throw new Error(
    `${what}: Constant attribute ${JSON.stringify(a.name)} is not supported (value, value_float(s), value_int(s) are)`,
  );
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
