// Building an ONNX graph as a chain: each layer appends nodes that read the tensor flowing along the chain
// (`current`, `width` values per sample when known) and replace it with their output. Weights become float32 initializers in
// raw_data; names are made unique so two layers of one type never collide.
import {
  ATTRIBUTE_TYPE,
  DATA_TYPE,
  float32Bytes,
  float64Bytes,
  int64Bytes,
  type AttributeProto,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
} from './schema';

export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  /** Graph inputs besides the main one (a table's text and date columns). */
  readonly extraInputs: ValueInfoProto[] = [];
  /** Opset versions of the other domains the nodes use (ai.onnx.ml). */
  readonly domains = new Map<string, number>();
  /** The tensor the next op reads: [batch, width]. */
  current: string;
  /** Values per sample of `current`, when known. */
  width: number | undefined;
  private readonly used = new Set<string>();

  constructor(
    /** The default-domain opset the graph targets (ops whose signature changed read it). */
    readonly opset: number,
    readonly inputName: string,
    /** One sample's dims: [D] for rows, [C, H, W] for images (a size or a symbolic name each). */
    readonly inputDims: readonly (number | string)[],
  ) {
    this.current = this.name(inputName);
    const sizes = inputDims.filter((d): d is number => typeof d === 'number');
    this.width = sizes.length === inputDims.length ? sizes.reduce((a, b) => a * b, 1) : undefined;
  }

  /** A name not used yet in this graph: `base`, else `base_1`, `base_2`, ... */
  name(base: string): string {
    let n = base;
    for (let i = 1; this.used.has(n); i++) n = `${base}_${i}`;
    this.used.add(n);
    return n;
  }

  /** A float32 initializer (raw little-endian data); returns its name. */
  floats(base: string, dims: number[], values: ArrayLike<number>): string {
    const size = dims.reduce((a, b) => a * b, 1);
    if (size !== values.length)
      throw new RangeError(`exportONNX: ${base} has ${values.length} values for dims [${dims}]`);
    const name = this.name(base);
    this.initializers.push({ name, dims, dataType: DATA_TYPE.FLOAT, raw: float32Bytes(values) });
    return name;
  }

  /** A float64 initializer; returns its name. */
  doubles(base: string, dims: number[], values: ArrayLike<number>): string {
    const name = this.name(base);
    this.initializers.push({ name, dims, dataType: DATA_TYPE.DOUBLE, raw: float64Bytes(values) });
    return name;
  }

  /** Another graph input [batch, 1] of `elemType`, named `name` exactly; returns the name. */
  input(name: string, elemType: number): string {
    if (this.used.has(name)) throw new Error(`exportONNX: input name ${JSON.stringify(name)} is used twice`);
    this.used.add(name);
    this.extraInputs.push({ name, elemType, dims: ['batch', 1] });
    return name;
  }

  /** A 1-D int64 initializer (shapes, axes); returns its name. */
  int64s(base: string, values: number[]): string {
    const name = this.name(base);
    this.initializers.push({ name, dims: [values.length], dataType: DATA_TYPE.INT64, raw: int64Bytes(values) });
    return name;
  }

  /** Appends `opType(current, ...inputs)`; its output becomes `current` (with `width` values, if given). */
  apply(
    opType: string,
    base: string,
    inputs: string[] = [],
    attributes: AttributeProto[] = [],
    width = this.width,
  ): void {
    this.current = this.node(opType, base, [this.current, ...inputs], attributes);
    this.width = width;
  }

  /** Appends `opType(...inputs)` off the chain (for ops whose data is not input 0); returns its output's name.
   *  `domain`: [name, opset version] for ops outside the default domain. */
  node(
    opType: string,
    base: string,
    inputs: string[],
    attributes: AttributeProto[] = [],
    domain?: [string, number],
  ): string {
    const output = this.name(base);
    if (domain) this.domains.set(domain[0], domain[1]);
    this.nodes.push({
      name: this.name(`${base}/${opType}`),
      opType,
      domain: domain?.[0] ?? '',
      inputs,
      outputs: [output],
      attributes,
    });
    return output;
  }

  /** current − c for float64 constants c (a mean), as Sub(c_hi) then Sub(c_lo) with c_hi = fround(c), c_lo =
   *  fround(c − c_hi): x − c_hi is exact when x is near c_hi (Sterbenz), so the result keeps the precision of
   *  nnkit's float64 preprocessing even for features far from 0 (a column around 1000 lost ~1e-5 in one Sub). */
  subtract(base: string, dims: number[], c: ArrayLike<number>): void {
    const hi = Float32Array.from(c),
      lo = Float32Array.from(hi, (h, i) => c[i] - h);
    this.apply('Sub', base, [this.floats(`${base}.hi`, dims, hi)]);
    if (lo.some((v) => v !== 0)) this.apply('Sub', `${base}_lo`, [this.floats(`${base}.lo`, dims, lo)]);
  }

  /** Names the chain's last tensor `outputName` (an Identity when no node was added: input ≠ output). */
  finish(outputName: string): void {
    if (this.used.has(outputName) && this.current !== outputName)
      throw new Error(`exportONNX: output name ${JSON.stringify(outputName)} is already used in the graph`);
    if (this.nodes.length === 0) this.apply('Identity', 'identity');
    const last = this.nodes[this.nodes.length - 1];
    this.used.delete(last.outputs[0]);
    last.outputs[0] = outputName;
    this.used.add(outputName);
    this.current = outputName;
  }
}

export const attr = {
  float: (name: string, f: number): AttributeProto => ({ name, type: ATTRIBUTE_TYPE.FLOAT, f }),
  int: (name: string, i: number): AttributeProto => ({ name, type: ATTRIBUTE_TYPE.INT, i }),
  ints: (name: string, ints: number[]): AttributeProto => ({ name, type: ATTRIBUTE_TYPE.INTS, ints }),
  floats: (name: string, floats: number[]): AttributeProto => ({ name, type: ATTRIBUTE_TYPE.FLOATS, floats }),
  strings: (name: string, strings: string[]): AttributeProto => ({ name, type: ATTRIBUTE_TYPE.STRINGS, strings }),
};
