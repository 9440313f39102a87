// Column types inferred from the data (every feature column except the label), overridable per column:
//   numeric      every present cell is a number                         → median-imputed, standardized
//   boolean      every present cell true/false-like (any case)              → 0/1
//   date         every present cell is a date or timestamp              → year, month, day, … (cells.ts)
//   categorical  anything else (text, mixed types, "1,234")             → one-hot
//   ignore       all missing, constant, or ID-like (unique per row: text, or integers that count rows or sit in
//                a column named like "id")                             → dropped, with a warning
// Integers stay numeric unless declared categorical (a zip code is a category only the user knows).
import { cellBoolean, cellDate, cellNumber, cellText, dateOrderOf, isMissing, type DateOrder } from './cells';
import { columnCells, type Cell, type Table } from './table';

export type ColumnKind = 'numeric' | 'categorical' | 'boolean' | 'date' | 'ignore';
export const COLUMN_KINDS: readonly ColumnKind[] = ['numeric', 'categorical', 'boolean', 'date', 'ignore'];

export interface ColumnInfo {
  name: string;
  /** Index in the table's columns. */
  index: number;
  kind: ColumnKind;
  /** Why this kind: "declared", "all numbers", "ID-like: unique per row", … */
  reason: string;
  missing: number;
  distinct: number;
  /** Categorical columns: one-hot (few values) or a learned embedding (many; set by inferSchema). */
  encoding?: 'one-hot' | 'embedding';
  /** Date columns: how dd/dd/yyyy cells are read. */
  dateOrder?: DateOrder;
}

export interface InferOptions {
  /** Per-column kinds that override inference, e.g. { zip: 'categorical', id: 'ignore' }. */
  columns?: Record<string, ColumnKind>;
  missing: ReadonlySet<string>;
}

const ID_MIN_ROWS = 20;

export function inferColumns(table: Table, label: number, opts: InferOptions): ColumnInfo[] {
  for (const [name, kind] of Object.entries(opts.columns ?? {})) {
    if (!table.columns.includes(name))
      throw new Error(
        `columns: ${JSON.stringify(name)} is not a column of ${table.name} (columns: ${table.columns.join(', ')})`,
      );
    if (!COLUMN_KINDS.includes(kind))
      throw new Error(
        `columns: ${JSON.stringify(name)} has kind ${JSON.stringify(kind)}; expected one of ${COLUMN_KINDS.join(', ')}`,
      );
  }
  const out: ColumnInfo[] = [];
  table.columns.forEach((name, index) => {
    if (index === label) return;
    const present = columnCells(table, index).filter((v) => !isMissing(v, opts.missing));
    const distinct = new Set(present.map(cellText)).size;
    const base = { name, index, missing: table.length - present.length, distinct };
    const declared = opts.columns?.[name];
    const info: ColumnInfo = declared
      ? { ...base, kind: declared, reason: 'declared' }
      : { ...base, ...inferKind(name, present, distinct, table.length) };
    if (info.kind === 'date') info.dateOrder = dateOrderOf(present.filter((v): v is string => typeof v === 'string'));
    out.push(info);
  });
  return out;
}

function inferKind(
  name: string,
  present: Cell[],
  distinct: number,
  rows: number,
): { kind: ColumnKind; reason: string } {
  if (present.length === 0) return { kind: 'ignore', reason: 'all missing' };
  if (distinct === 1) return { kind: 'ignore', reason: `constant (${JSON.stringify(cellText(present[0]))})` };
  if (present.every((v) => cellBoolean(v) !== undefined)) return { kind: 'boolean', reason: 'true/false-like values' };
  const uniquePerRow = distinct === present.length && rows >= ID_MIN_ROWS;
  if (present.every((v) => cellNumber(v) !== undefined)) {
    const nums = present.map((v) => cellNumber(v)!);
    if (uniquePerRow && nums.every(Number.isInteger) && (countsRows(nums) || /(^|[^a-z])id$/i.test(name)))
      return { kind: 'ignore', reason: 'ID-like: a distinct integer per row' };
    return { kind: 'numeric', reason: 'all numbers' };
  }
  if (present.every((v) => v instanceof Date || (typeof v === 'string' && cellDate(v) !== undefined)))
    return { kind: 'date', reason: 'all dates' };
  if (uniquePerRow) return { kind: 'ignore', reason: 'ID-like: a distinct text per row' };
  return {
    kind: 'categorical',
    reason: present.some((v) => cellNumber(v) !== undefined) ? 'mixed numbers and text' : 'text',
  };
}

/** Integers that are a run k, k+1, …, k+n−1 in some order (row numbers). */
function countsRows(nums: number[]): boolean {
  let lo = Infinity,
    hi = -Infinity;
  for (const n of nums) {
    if (n < lo) lo = n;
    if (n > hi) hi = n;
  }
  return hi - lo === nums.length - 1;
}
