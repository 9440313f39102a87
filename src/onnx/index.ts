// ONNX in and out: model.exportONNX / `nnkit export --onnx` (export.ts) and importONNX (import.ts).
export { importONNX } from './import';
export type { ONNXImportOptions } from './import';
export { SUPPORTED_OPS } from './import-ops';
export { DEFAULT_OPSET, encodeONNX, modelToONNX, writeONNX } from './export';
export type { ExportableModel, ONNXExportOptions } from './export';
export { registerONNXExporter } from './export-layers';
export type { LayerExporter } from './export-layers';
export { registerPreprocessingExporter } from './export-preprocessing';
export type { PreprocessingExporter } from './export-preprocessing';
