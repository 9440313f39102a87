// model.exportONNX: the model (with its preprocessing) as one ONNX file that onnxruntime, onnxruntime-web or any
// ONNX reader runs with nnkit's predict outputs:
//   graph input "input" [batch, D] float32 (batch symbolic; [batch, C, H, W] for image models; a table model's raw
//   numeric columns [batch, K], NaN = missing, and one input per text or date column: export-tabular.ts)
//   → preprocessing → layers → "output" [batch, C]
//   weights: float32 initializers in raw_data; metadata_props: class_names (JSON array), when known, and a table
//   model's input_columns and column_inputs (JSON arrays)
import type { Preprocessor } from '../data/preprocess';
import { writeFileAtomic } from '../io/atomic-write';
import type { Chain } from '../nn/chain';
import type { TabularPipelineJSON } from '../tabular/pipeline';
import { VERSION } from '../version';
import { exportLayers, inputDimsOf } from './export-layers';
import { exportPreprocessing, preprocessingWidth } from './export-preprocessing';
import { exportTabularInputs, exportTabularTarget, tabularColumnInputs, tabularInputColumns } from './export-tabular';
import { GraphBuilder } from './graph-builder';
import { DATA_TYPE, encodeModel, type ModelProto } from './schema';

export interface ONNXExportOptions {
  /** Default-domain opset, 13 (the default: what onnxruntime, onnxruntime-web and PyTorch 1.13 read) to 21. */
  opset?: number;
  /** Put the saved preprocessing in the graph (default true); false exports the layers only. */
  preprocessing?: boolean;
  /** Class names written to metadata_props "class_names" (default: the model's dataset info, when it has them). */
  classNames?: string[];
  /** One image's [C, H, W] for models with Conv2d/pooling layers (default: the dataset's sampleShape, else the
   *  first Conv2d's channels with a free height and width). */
  imageShape?: number[];
  inputName?: string;
  outputName?: string;
}

export interface ExportableModel extends Chain {
  preprocessing?: Preprocessor;
  /** A table model's fitted preprocessing (src/tabular/pipeline.ts). */
  tabular?: { toJSON(): TabularPipelineJSON };
  datasetInfo?: Record<string, unknown>;
}

export const DEFAULT_OPSET = 13;
const MAX_OPSET = 21;

/** The IR version of the ONNX release that introduced each opset (onnx/docs/Versioning.md): a reader that knows
 *  the opset knows the IR. */
function irVersionFor(opset: number): number {
  return opset <= 14 ? 7 : opset <= 18 ? 8 : opset <= 20 ? 9 : 10;
}

export function modelToONNX(model: ExportableModel, opts: ONNXExportOptions = {}): ModelProto {
  const opset = opts.opset ?? DEFAULT_OPSET;
  if (!Number.isInteger(opset) || opset < DEFAULT_OPSET || opset > MAX_OPSET)
    throw new RangeError(
      `exportONNX: opset must be a whole number from ${DEFAULT_OPSET} to ${MAX_OPSET}, got ${opset}`,
    );
  const inputName = opts.inputName ?? 'input',
    outputName = opts.outputName ?? 'output';
  const { g, metadata } = buildGraph(model, opts, new GraphBuilder(opset, inputName, inputDims(model, opts)));
  g.finish(outputName);
  const classNames = opts.classNames ?? metadata.classNames ?? classNamesOf(model);
  const binary = classNames?.length === 2 && g.width === 1; // one output: the logit of the second class
  if (classNames && g.width !== undefined && classNames.length !== g.width && !binary)
    throw new RangeError(`exportONNX: ${classNames.length} class names for a model with ${g.width} outputs`);
  if (classNames) metadata.props.class_names = JSON.stringify(classNames);
  const mainInput = g.nodes.some((n) => n.inputs.includes(inputName))
    ? [{ name: inputName, elemType: DATA_TYPE.FLOAT, dims: ['batch', ...g.inputDims] }]
    : []; // a table model without numeric columns takes its columns as the other inputs only
  return {
    irVersion: irVersionFor(opset),
    opsetImports: [{ domain: '', version: opset }, ...[...g.domains].map(([domain, version]) => ({ domain, version }))],
    producerName: 'nnkit',
    producerVersion: VERSION,
    graph: {
      name: 'nnkit',
      nodes: g.nodes,
      initializers: g.initializers,
      inputs: [...mainInput, ...g.extraInputs],
      outputs: [{ name: outputName, elemType: DATA_TYPE.FLOAT, dims: ['batch', g.width ?? 'outputs'] }],
      sparseInitializers: 0,
    },
    metadata: metadata.props,
  };
}

/** One sample's dims at the graph input: the table's numeric columns, an image's [C, H, W], or [D]. */
function inputDims(model: ExportableModel, opts: ONNXExportOptions): (number | string)[] {
  const table = opts.preprocessing === false ? undefined : model.tabular?.toJSON();
  if (table) return [tabularInputColumns(table).length];
  const pre = opts.preprocessing === false ? undefined : model.preprocessing;
  const fromLayers = inputDimsOf(model.layers, opts.imageShape ?? imageShapeOf(model));
  const preWidth = pre && preprocessingWidth(pre);
  return fromLayers && fromLayers.length > 1 ? fromLayers : preWidth ? [preWidth] : (fromLayers ?? ['features']);
}

/** Preprocessing, layers and (for tables) the target's decoding; metadata they define. */
function buildGraph(model: ExportableModel, opts: ONNXExportOptions, g: GraphBuilder) {
  const props: Record<string, string> = {};
  let classNames: string[] | undefined;
  const table = opts.preprocessing === false ? undefined : model.tabular?.toJSON();
  if (table) {
    props.input_columns = JSON.stringify(tabularInputColumns(table));
    const columnInputs = tabularColumnInputs(table);
    if (columnInputs.length) props.column_inputs = JSON.stringify(columnInputs);
    exportTabularInputs(table, g);
    if (table.target.type === 'classes') classNames = table.target.classes;
  } else if (opts.preprocessing !== false && model.preprocessing) exportPreprocessing(model.preprocessing, g);
  exportLayers(model.layers, g);
  if (table) exportTabularTarget(table, g);
  return { g, metadata: { props, classNames } };
}

/** The ONNX file's bytes. */
export function encodeONNX(model: ExportableModel, opts: ONNXExportOptions = {}): Uint8Array {
  return encodeModel(modelToONNX(model, opts));
}

/** Writes the ONNX file atomically (temporary file, fsync, rename). */
export function writeONNX(model: ExportableModel, file: string, opts: ONNXExportOptions = {}): void {
  if (typeof file !== 'string' || file === '') throw new TypeError('exportONNX: path must be a non-empty string');
  writeFileAtomic(file, encodeONNX(model, opts));
}

/** The sample shape recorded with the model, when it is an image's [C, H, W]. */
function imageShapeOf(model: ExportableModel): number[] | undefined {
  const shape = model.datasetInfo?.sampleShape;
  return Array.isArray(shape) && shape.length === 3 && shape.every((d) => Number.isInteger(d) && d > 0)
    ? (shape as number[])
    : undefined;
}

/** Class names recorded with the model: dataset info `classNames`, or a CSV's original class values. */
export function classNamesOf(model: ExportableModel): string[] | undefined {
  const info = model.datasetInfo ?? {};
  const names = info.classNames ?? info.classValues;
  return Array.isArray(names) ? names.map(String) : undefined;
}
