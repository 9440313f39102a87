// Hand-built ONNX graphs for the tests: the shapes Keras/tf2onnx writes (no TensorFlow here) and hostile files.
import {
  ATTRIBUTE_TYPE,
  DATA_TYPE,
  encodeModel,
  float32Bytes,
  int64Bytes,
  type AttributeProto,
  type NodeProto,
  type TensorProto,
} from '../../src/onnx/schema';

export const floats = (name: string, dims: number[], values: ArrayLike<number>): TensorProto => ({
  name,
  dims,
  dataType: DATA_TYPE.FLOAT,
  raw: float32Bytes(values),
});

export const int64s = (name: string, values: number[]): TensorProto => ({
  name,
  dims: [values.length],
  dataType: DATA_TYPE.INT64,
  raw: int64Bytes(values),
});

export const node = (
  opType: string,
  inputs: string[],
  outputs: string[],
  attributes: AttributeProto[] = [],
): NodeProto => ({
  name: outputs[0],
  opType,
  domain: '',
  inputs,
  outputs,
  attributes,
});

export const floatAttr = (name: string, f: number): AttributeProto => ({ name, type: ATTRIBUTE_TYPE.FLOAT, f });

/** A model file: one float input [batch, ...inShape] named "input", one output "output". */
export function modelBytes(
  nodes: NodeProto[],
  initializers: TensorProto[],
  inShape: (number | string)[],
  opts: { opset?: number; outDims?: (number | string)[]; inputName?: string } = {},
): Uint8Array {
  return encodeModel({
    irVersion: 7,
    opsetImports: [{ domain: '', version: opts.opset ?? 13 }],
    producerName: 'tf2onnx-shaped test graph',
    producerVersion: '',
    graph: {
      name: 'test',
      nodes,
      initializers,
      inputs: [{ name: opts.inputName ?? 'input', elemType: DATA_TYPE.FLOAT, dims: ['unk__0', ...inShape] }],
      outputs: [{ name: 'output', elemType: DATA_TYPE.FLOAT, dims: opts.outDims ?? ['unk__1', 'unk__2'] }],
      sparseInitializers: 0,
    },
    metadata: {},
  });
}
