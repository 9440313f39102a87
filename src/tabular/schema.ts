// The plan for a table before anything is fitted: which column is the label, the task, and each feature column's
// kind (inferred, or declared in `columns`). Inference reads every row; statistics are fitted later on the
// training rows only (pipeline.ts).
import { DEFAULT_MISSING, isMissing } from './cells';
import { inferColumns, type ColumnInfo, type ColumnKind } from './infer-columns';
import { columnCells, type Table } from './table';
import { inferTask, type Task } from './target';

export interface TabularOptions {
  /** The label column: a header name, or an index (negative counts from the end). Default: the last column. */
  label?: string | number;
  /** Default: inferred from the label (text or ≤ 20 distinct whole numbers → classification). */
  task?: Task;
  /** Column kinds that override inference: { zip: 'categorical', id: 'ignore', when: 'date' }. */
  columns?: Record<string, ColumnKind>;
  /** Cells read as missing (trimmed, case-insensitive). Default: '', NA, N/A, NaN, null, None, ?. */
  missing?: string[];
  /** Categorical columns with more distinct values than this get a learned embedding instead of one-hot
   *  (default 64). */
  maxOneHot?: number;
  /** Keep at most this many categories per column (the most frequent); the rest share an "other" slot
   *  (default 1000). */
  maxCategories?: number;
}

export interface TableSchema {
  label: number;
  labelName: string;
  task: Task;
  taskReason: string;
  columns: ColumnInfo[];
  missing: Set<string>;
  maxCategories: number;
}

// measured (bench/tabular-embedding.js, docs/tabular.md): up to 64 values one-hot is as accurate or better and no
// slower; above, the embedding trains 1.7–7× faster for ≤ 0.5 points of accuracy
const MAX_ONE_HOT = 64;

export function inferSchema(table: Table, opts: TabularOptions = {}): TableSchema {
  if (table.columns.length < 2)
    throw new Error(`${table.name}: expected at least 2 columns (features and a label), got ${table.columns.length}`);
  const missing = new Set((opts.missing ?? DEFAULT_MISSING).map((s) => s.trim().toLowerCase()));
  const label = resolveLabel(table, opts.label);
  const labelName = table.columns[label];
  if (opts.task !== undefined && opts.task !== 'classification' && opts.task !== 'regression')
    throw new Error(`task must be 'classification' or 'regression', got ${JSON.stringify(opts.task)}`);
  const labelCells = columnCells(table, label);
  if (labelCells.every((c) => isMissing(c, missing)))
    throw new Error(`${table.name}: the label column ${JSON.stringify(labelName)} is empty`);
  const inferred = inferTask(labelCells, missing);
  const columns = inferColumns(table, label, { columns: opts.columns, missing });
  if (opts.columns?.[labelName] !== undefined)
    throw new Error(`columns: ${JSON.stringify(labelName)} is the label; its kind comes from the task`);
  if (!columns.some((c) => c.kind !== 'ignore'))
    throw new Error(
      `${table.name}: no usable feature column (${columns.map((c) => `${c.name}: ${c.reason}`).join('; ')})`,
    );
  const maxCategories = opts.maxCategories ?? 1000;
  const maxOneHot = opts.maxOneHot ?? MAX_ONE_HOT;
  for (const [k, v] of [
    ['maxCategories', maxCategories],
    ['maxOneHot', maxOneHot],
  ] as const)
    if (!Number.isInteger(v) || v < 1) throw new Error(`${k} must be a whole number ≥ 1, got ${v}`);
  for (const c of columns) if (c.kind === 'categorical') c.encoding = c.distinct > maxOneHot ? 'embedding' : 'one-hot';
  return {
    label,
    labelName,
    task: opts.task ?? inferred.task,
    taskReason: opts.task ? 'declared' : inferred.reason,
    columns,
    missing,
    maxCategories,
  };
}

function resolveLabel(table: Table, label: string | number | undefined): number {
  const width = table.columns.length;
  if (label === undefined) return width - 1;
  if (typeof label === 'string') {
    const i = table.columns.indexOf(label);
    if (i < 0)
      throw new Error(
        `label ${JSON.stringify(label)} is not a column of ${table.name} (columns: ${table.columns.map((c) => JSON.stringify(c)).join(', ')})`,
      );
    return i;
  }
  const i = label < 0 ? width + label : label;
  if (!Number.isInteger(label) || i < 0 || i >= width)
    throw new Error(`label ${label} is outside the ${width} columns of ${table.name}`);
  return i;
}

/** One line per column: name, kind, why, missing cells (printed by the CLI and kept in --json). */
export function describeColumns(schema: TableSchema, rows: number): string[] {
  const w = Math.max(5, ...schema.columns.map((c) => c.name.length));
  const lines = [
    `${schema.labelName.padEnd(w)}  label (${schema.task}: ${schema.taskReason})`,
    ...schema.columns.map((c) => {
      const miss = c.missing > 0 ? `, ${c.missing} missing (${((100 * c.missing) / rows).toFixed(1)} %)` : '';
      const how = c.kind === 'ignore' ? ' → dropped' : c.encoding ? ` → ${c.encoding} (${c.distinct} values)` : '';
      return `${c.name.padEnd(w)}  ${c.kind.padEnd(11)}  ${c.reason}${how}${miss}`;
    }),
  ];
  return lines;
}
