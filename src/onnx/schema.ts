// The subset of onnx.proto (github.com/onnx/onnx, onnx/onnx.proto, IR version 7+) that MLPs need, as plain objects,
// with their encoding and decoding. Field numbers are onnx.proto's; fields not listed here are skipped on reading,
// except those that change a graph's meaning (subgraphs, sparse or external tensors, functions), which are recorded
// so the importer can refuse them by name.
import {
  float32Of,
  float32sOf,
  int64Of,
  int64sOf,
  ProtoReader,
  ProtoWriter,
  stringOf,
  type ProtoField,
} from './protobuf';

/** TensorProto.DataType values used here. */
export const DATA_TYPE = { FLOAT: 1, INT64: 7, STRING: 8, BOOL: 9, DOUBLE: 11 } as const;
// prettier-ignore
export const DATA_TYPE_NAMES: Record<number, string> = {
  0: 'UNDEFINED', 1: 'FLOAT', 2: 'UINT8', 3: 'INT8', 4: 'UINT16', 5: 'INT16', 6: 'INT32', 7: 'INT64', 8: 'STRING',
  9: 'BOOL', 10: 'FLOAT16', 11: 'DOUBLE', 12: 'UINT32', 13: 'UINT64', 14: 'COMPLEX64', 15: 'COMPLEX128', 16: 'BFLOAT16',
};

/** AttributeProto.AttributeType values used here. */
export const ATTRIBUTE_TYPE = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

export interface TensorProto {
  name: string;
  dims: number[];
  dataType: number;
  /** raw_data: little-endian values (a view into the file when decoded). */
  raw?: Uint8Array;
  /** float_data / int64_data, when the values are stored as typed fields instead of raw_data. */
  floats?: Float32Array;
  int64s?: number[];
  /** int32_data: also holds BOOL, INT8..UINT16 values. */
  int32s?: number[];
  /** Set when the tensor's data lives in another file (data_location EXTERNAL or external_data entries). */
  externalLocation?: string;
}

export interface AttributeProto {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: string;
  t?: TensorProto;
  floats?: number[];
  ints?: number[];
  /** Written only (ai.onnx.ml LabelEncoder's keys_strings); not read back. */
  strings?: string[];
  /** The attribute holds a subgraph (If, Loop, Scan): read only to be refused. */
  hasGraph?: boolean;
}

export interface NodeProto {
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: AttributeProto[];
}

/** A graph input or output: name, element type and shape; a dim is a size, a symbolic name, or unknown. */
export interface ValueInfoProto {
  name: string;
  elemType?: number;
  dims?: (number | string | undefined)[];
}

export interface GraphProto {
  name: string;
  nodes: NodeProto[];
  initializers: TensorProto[];
  inputs: ValueInfoProto[];
  outputs: ValueInfoProto[];
  sparseInitializers: number;
}

export interface OperatorSetId {
  domain: string;
  version: number;
}

export interface ModelProto {
  irVersion: number;
  opsetImports: OperatorSetId[];
  producerName: string;
  producerVersion: string;
  graph: GraphProto;
  metadata: Record<string, string>;
  /** Model-local functions (IR 8): recorded to be refused, nnkit does not inline them. */
  functions?: number;
}

// ---- encoding --------------------------------------------------------------------------------------------------

export function encodeModel(m: ModelProto): Uint8Array {
  const w = new ProtoWriter().int(1, m.irVersion);
  if (m.producerName) w.string(2, m.producerName);
  if (m.producerVersion) w.string(3, m.producerVersion);
  w.message(7, (g) => writeGraph(g, m.graph));
  for (const o of m.opsetImports) w.message(8, (x) => x.string(1, o.domain).int(2, o.version));
  for (const [key, value] of Object.entries(m.metadata)) w.message(14, (x) => x.string(1, key).string(2, value));
  return w.finish();
}

function writeGraph(w: ProtoWriter, g: GraphProto): void {
  for (const n of g.nodes) w.message(1, (x) => writeNode(x, n));
  w.string(2, g.name);
  for (const t of g.initializers) w.message(5, (x) => writeTensor(x, t));
  for (const v of g.inputs) w.message(11, (x) => writeValueInfo(x, v));
  for (const v of g.outputs) w.message(12, (x) => writeValueInfo(x, v));
}

function writeNode(w: ProtoWriter, n: NodeProto): void {
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name).string(4, n.opType);
  for (const a of n.attributes) w.message(5, (x) => writeAttribute(x, a));
  if (n.domain) w.string(7, n.domain);
}

function writeAttribute(w: ProtoWriter, a: AttributeProto): void {
  w.string(1, a.name);
  if (a.f !== undefined) w.float(2, a.f);
  if (a.i !== undefined) w.int(3, a.i);
  if (a.s !== undefined) w.string(4, a.s);
  if (a.t !== undefined) w.message(5, (x) => writeTensor(x, a.t as TensorProto));
  for (const f of a.floats ?? []) w.float(7, f);
  if (a.ints) w.packedInts(8, a.ints);
  for (const s of a.strings ?? []) w.string(9, s);
  w.int(20, a.type);
}

function writeTensor(w: ProtoWriter, t: TensorProto): void {
  if (t.dims.length) w.packedInts(1, t.dims);
  w.int(2, t.dataType);
  if (t.floats) w.bytes(4, float32Bytes(t.floats)); // packed float_data
  w.string(8, t.name);
  if (t.raw) w.bytes(9, t.raw);
  if (t.externalLocation !== undefined) {
    w.message(13, (e) => e.string(1, 'location').string(2, t.externalLocation as string));
    w.int(14, 1);
  }
}

function writeValueInfo(w: ProtoWriter, v: ValueInfoProto): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, v.elemType ?? DATA_TYPE.FLOAT);
      if (v.dims)
        tensor.message(2, (shape) => {
          for (const d of v.dims ?? [])
            shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : d !== undefined && dim.string(2, d)));
        });
    }),
  );
}

/** Little-endian bytes of float32 values (raw_data). */
export function float32Bytes(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 4),
    view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i], true);
  return out;
}

/** Little-endian bytes of float64 values (raw_data). */
export function float64Bytes(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 8),
    view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(8 * i, values[i], true);
  return out;
}

/** Little-endian bytes of int64 values (raw_data). */
export function int64Bytes(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 8),
    view = new DataView(out.buffer);
  values.forEach((v, i) => view.setBigInt64(8 * i, BigInt(v), true));
  return out;
}

// ---- decoding --------------------------------------------------------------------------------------------------

/** Parses a ModelProto; `what` (the file) names it in errors. Only bounds and wire types are checked here; what
 *  the values mean is the importer's business. */
export function decodeModel(bytes: Uint8Array, what: string): ModelProto {
  const m: ModelProto = {
    irVersion: 0,
    opsetImports: [],
    producerName: '',
    producerVersion: '',
    graph: emptyGraph(),
    metadata: {},
  };
  let sawGraph = false;
  for (const f of new ProtoReader(bytes, what).fields()) {
    if (f.field === 1) m.irVersion = int64Of(f, `${what}: ir_version`);
    else if (f.field === 2) m.producerName = stringOf(f);
    else if (f.field === 3) m.producerVersion = stringOf(f);
    else if (f.field === 7) {
      m.graph = readGraph(f, `${what}: graph`);
      sawGraph = true;
    } else if (f.field === 8) m.opsetImports.push(readOpset(f, `${what}: opset_import`));
    else if (f.field === 14) {
      const e = readStringPairs(f, `${what}: metadata_props`);
      m.metadata[e.key] = e.value;
    } else if (f.field === 25) m.functions = (m.functions ?? 0) + 1;
  }
  if (!sawGraph) throw new Error(`${what}: not an ONNX model (no graph field)`);
  return m;
}

function emptyGraph(): GraphProto {
  return { name: '', nodes: [], initializers: [], inputs: [], outputs: [], sparseInitializers: 0 };
}

function lengthDelimited(f: ProtoField, what: string): ProtoReader {
  if (f.wire !== 2) throw new Error(`${what}: expected a length-delimited field, got wire type ${f.wire}`);
  return new ProtoReader(f.bytes, what);
}

function readOpset(f: ProtoField, what: string): OperatorSetId {
  const o: OperatorSetId = { domain: '', version: 0 };
  for (const g of lengthDelimited(f, what).fields()) {
    if (g.field === 1) o.domain = stringOf(g);
    else if (g.field === 2) o.version = int64Of(g, `${what}: version`);
  }
  return o;
}

function readStringPairs(f: ProtoField, what: string): { key: string; value: string } {
  const e = { key: '', value: '' };
  for (const g of lengthDelimited(f, what).fields()) {
    if (g.field === 1) e.key = stringOf(g);
    else if (g.field === 2) e.value = stringOf(g);
  }
  return e;
}

function readGraph(f: ProtoField, what: string): GraphProto {
  const g = emptyGraph();
  for (const h of lengthDelimited(f, what).fields()) {
    if (h.field === 1) g.nodes.push(readNode(h, `${what}: node ${g.nodes.length}`));
    else if (h.field === 2) g.name = stringOf(h);
    else if (h.field === 5) g.initializers.push(readTensor(h, `${what}: initializer ${g.initializers.length}`));
    else if (h.field === 11) g.inputs.push(readValueInfo(h, `${what}: input ${g.inputs.length}`));
    else if (h.field === 12) g.outputs.push(readValueInfo(h, `${what}: output ${g.outputs.length}`));
    else if (h.field === 15) g.sparseInitializers++;
  }
  return g;
}

function readNode(f: ProtoField, what: string): NodeProto {
  const n: NodeProto = { name: '', opType: '', domain: '', inputs: [], outputs: [], attributes: [] };
  for (const g of lengthDelimited(f, what).fields()) {
    if (g.field === 1) n.inputs.push(stringOf(g));
    else if (g.field === 2) n.outputs.push(stringOf(g));
    else if (g.field === 3) n.name = stringOf(g);
    else if (g.field === 4) n.opType = stringOf(g);
    else if (g.field === 5) n.attributes.push(readAttribute(g, `${what}: attribute ${n.attributes.length}`));
    else if (g.field === 7) n.domain = stringOf(g);
  }
  return n;
}

function readAttribute(f: ProtoField, what: string): AttributeProto {
  const a: AttributeProto = { name: '', type: 0 };
  for (const g of lengthDelimited(f, what).fields()) {
    if (g.field === 1) a.name = stringOf(g);
    else if (g.field === 2) a.f = float32Of(g);
    else if (g.field === 3) a.i = int64Of(g, `${what}: i`);
    else if (g.field === 4) a.s = stringOf(g);
    else if (g.field === 5) a.t = readTensor(g, `${what}: t`);
    else if (g.field === 6 || g.field === 11) a.hasGraph = true;
    else if (g.field === 7) appendTo((a.floats ??= []), float32sOf(g, `${what}: floats`));
    else if (g.field === 8) appendTo((a.ints ??= []), int64sOf(g, `${what}: ints`));
    else if (g.field === 20) a.type = int64Of(g, `${what}: type`);
  }
  return a;
}

function readTensor(f: ProtoField, what: string): TensorProto {
  const t: TensorProto = { name: '', dims: [], dataType: 0 };
  const floatChunks: Float32Array[] = [];
  for (const g of lengthDelimited(f, what).fields()) {
    if (g.field === 1) appendTo(t.dims, int64sOf(g, `${what}: dims`));
    else if (g.field === 2) t.dataType = int64Of(g, `${what}: data_type`);
    else if (g.field === 4) floatChunks.push(float32sOf(g, `${what}: float_data`));
    else if (g.field === 5) appendTo((t.int32s ??= []), int64sOf(g, `${what}: int32_data`));
    else if (g.field === 7) appendTo((t.int64s ??= []), int64sOf(g, `${what}: int64_data`));
    else if (g.field === 8) t.name = stringOf(g);
    else if (g.field === 9) t.raw = g.bytes;
    else if (g.field === 13) t.externalLocation ??= externalLocation(g, `${what}: external_data`);
    else if (g.field === 14 && int64Of(g, `${what}: data_location`) === 1) t.externalLocation ??= '(unnamed)';
  }
  if (floatChunks.length) t.floats = concatFloats(floatChunks);
  return t;
}

/** Appends in a loop: repeated fields may come one value per field (linear, and no spread of a huge array). */
function appendTo<T>(out: T[], values: ArrayLike<T>): void {
  for (let i = 0; i < values.length; i++) out.push(values[i]);
}

function externalLocation(f: ProtoField, what: string): string {
  const e = readStringPairs(f, what);
  return e.key === 'location' ? e.value : '(unnamed)';
}

function concatFloats(chunks: Float32Array[]): Float32Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

function readValueInfo(f: ProtoField, what: string): ValueInfoProto {
  const v: ValueInfoProto = { name: '' };
  for (const g of lengthDelimited(f, what).fields()) {
    if (g.field === 1) v.name = stringOf(g);
    else if (g.field === 2) {
      for (const type of lengthDelimited(g, `${what}: type`).fields()) {
        if (type.field === 1) readTensorType(type, `${what}: tensor_type`, v);
      }
    }
  }
  return v;
}

function readTensorType(f: ProtoField, what: string, v: ValueInfoProto): void {
  for (const g of lengthDelimited(f, what).fields()) {
    if (g.field === 1) v.elemType = int64Of(g, `${what}: elem_type`);
    else if (g.field === 2) {
      v.dims = [];
      for (const d of lengthDelimited(g, `${what}: shape`).fields()) {
        if (d.field !== 1) continue;
        let dim: number | string | undefined;
        for (const x of lengthDelimited(d, `${what}: dim`).fields()) {
          if (x.field === 1) dim = int64Of(x, `${what}: dim_value`);
          else if (x.field === 2) dim = stringOf(x);
        }
        v.dims.push(dim);
      }
    }
  }
}
