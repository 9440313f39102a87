// Tables of users' data (exported as `tabular` from nnkit): CSV/TSV/JSON reading, column typing, the fitted
// preprocessing that travels with a model, the default training, predictions for raw rows.
export { CSV_LIMITS, CsvParser, csvRecordBatches, guessDelimiter, parseCsvText } from './csv-reader';
export type { CsvLimits, CsvReadOptions, CsvRecord } from './csv-reader';
export { ColumnStore } from './column-store';
export { readJsonLines } from './json-lines';
export { columnCells, CsvTableBuilder, readTable, tableFromCsvRecords, tableFromRecords } from './table';
export type { Cell, Table } from './table';
export { COLUMN_KINDS } from './infer-columns';
export type { ColumnInfo, ColumnKind } from './infer-columns';
export { describeColumns, inferSchema } from './schema';
export type { TableSchema, TabularOptions } from './schema';
export { TabularPipeline } from './pipeline';
export type { TabularPipelineJSON } from './pipeline';
export { evaluateTable, predictRows } from './predict-rows';
export type { RowPrediction, TableMetrics } from './predict-rows';
export { splitRows, trainTable } from './train-table';
export type { TrainTableOptions, TrainTableResult } from './train-table';
export { TABULAR_DEFAULTS } from './recipe';
