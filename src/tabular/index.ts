// Tables of users' data (exported as `tabular` from nnkit): CSV/TSV/JSON reading, column typing, the fitted
// preprocessing that travels with a model, the default training, predictions for raw rows.
export { CsvParser, guessDelimiter, parseCsvText, readCsvFile } from './csv-reader';
export type { CsvReadOptions, CsvRecord } from './csv-reader';
export { readTable, tableFromCsvRecords, tableFromRecords } from './table';
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
