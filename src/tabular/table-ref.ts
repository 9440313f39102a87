// A table file by reference (plain JSON, so a search can send it to workers that read the file themselves) and the
// rows a search trial or `nnkit check` may see of it: trainTable's split — the one hold-out rule (data/split's
// holdOut with by-name's seed and fraction), so the test rows are never encoded — with the preprocessing fitted on
// the rows a trial trains on (never on its validation rows).
import { CSV_SPLIT_SEED, CSV_TEST_FRACTION } from '../data/by-name';
import type { Dataset } from '../data/dataset';
import type { ColumnKind } from './infer-columns';
import { rowsWithLabel, TabularPipeline } from './pipeline';
import { inferSchema, type TableSchema } from './schema';
import { readTable, type Table } from './table';
import type { Task } from './target';
import { splitRows } from './train-table';

export interface TableRef {
  kind: 'table';
  path: string;
  label?: string | number;
  task?: Task;
  columns?: Record<string, ColumnKind>;
}

export interface TableRows {
  table: Table;
  schema: TableSchema;
  /** The labelled rows outside the test set (what a search or check may see), in holdOut's order. */
  rows: number[];
}

/** Reads the table and keeps the labelled rows outside trainTable's test set. */
export async function tableTrainingRows(ref: TableRef): Promise<TableRows> {
  const table = await readTable(ref.path);
  const schema = inferSchema(table, { label: ref.label, task: ref.task, columns: ref.columns });
  const labelled = rowsWithLabel(table, schema.label, schema.missing);
  const { train, validation } = splitRows(labelled, CSV_SPLIT_SEED, CSV_TEST_FRACTION, 0, table.name);
  return { table, schema, rows: [...validation, ...train] };
}

export interface EncodedRows {
  pipeline: TabularPipeline;
  train: Dataset;
  validation?: Dataset;
}

/** Fits the preprocessing on `train` rows and encodes them (and `validation`, with the same fit). */
export function encodeRows(t: TableRows, train: ArrayLike<number>, validation?: ArrayLike<number>): EncodedRows {
  const trainRows = Array.from(train, (i) => t.rows[i]);
  const pipeline = TabularPipeline.fit(t.table, trainRows, t.schema);
  return {
    pipeline,
    train: pipeline.dataset(t.table, trainRows),
    ...(validation
      ? {
          validation: pipeline.dataset(
            t.table,
            Array.from(validation, (i) => t.rows[i]),
          ),
        }
      : {}),
  };
}
