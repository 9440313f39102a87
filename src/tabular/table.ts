// A raw table: column names and cells as they came (text from CSV, JSON values from JSON Lines and records),
// before any typing, read by cell(i, j). Sources: CSV/TSV and JSON Lines files, streamed into a ColumnStore (header
// on the first CSV record), a JSON array of objects, and arrays of plain objects from code (kept as given). Every
// row keeps where it came from (file line or record index) so errors can name it.
import { readFile } from 'node:fs/promises';
import { ColumnStore } from './column-store';
import type { TabularOptions } from './schema';
import { readJsonLines } from './json-lines';
import { csvRecordBatches, type CsvReadOptions, type CsvRecord } from './csv-reader';

export type Cell = string | number | boolean | Date | null | undefined;

export interface Table {
  /** The source, for messages: a file path or "records". */
  name: string;
  columns: string[];
  /** Number of rows. */
  length: number;
  /** The cell of row i, column j. */
  cell(i: number, j: number): Cell;
  /** Where row i came from: "file.csv:12" or "record 3". */
  where: (i: number) => string;
  /** Options given with the data (data.fromRecords(rows, { label })): trainTable's defaults. */
  options?: TabularOptions;
}

/** The cells of column j, in row order. */
export function columnCells(table: Table, j: number): Cell[] {
  return Array.from({ length: table.length }, (_, i) => table.cell(i, j));
}

/** Builds a table from CSV records as they stream in: the first record is the header; rows go to a ColumnStore.
 *  Ragged rows are errors naming the line. */
export class CsvTableBuilder {
  private columns?: string[];
  private readonly store = new ColumnStore();
  private lines = new Float64Array(16);

  constructor(readonly file: string) {}

  add(record: CsvRecord): void {
    const { cells, line } = record;
    if (!this.columns) {
      this.columns = uniqueNames(cells.map((c) => c.trim()));
      for (let j = 0; j < cells.length; j++) this.store.addColumn();
      return;
    }
    const width = this.columns.length;
    if (cells.length !== width)
      throw new Error(
        `${this.file}:${line}: expected ${width} fields as in the header, got ${cells.length}` +
          (cells.length > width ? ' (an unquoted delimiter inside a value?)' : ''),
      );
    const i = this.store.length;
    if (i === this.lines.length) {
      const lines = new Float64Array(2 * i);
      lines.set(this.lines);
      this.lines = lines;
    }
    this.lines[i] = line;
    this.store.push(cells);
  }

  finish(): Table {
    const { file, store, lines, columns } = this;
    if (!columns) throw new Error(`${file}: no data (the file is empty)`);
    if (store.length === 0) throw new Error(`${file}: the header has no data rows under it`);
    return {
      name: file,
      columns,
      length: store.length,
      cell: (i, j) => store.cell(i, j),
      where: (i) => `${file}:${lines[i]}`,
    };
  }
}

/** A table from parsed CSV records; the first record is the header. */
export function tableFromCsvRecords(records: Iterable<CsvRecord>, file: string): Table {
  const builder = new CsvTableBuilder(file);
  for (const r of records) builder.add(r);
  return builder.finish();
}

/** A table from plain objects ({ column: value }); the columns are the keys in order of first appearance. */
export function tableFromRecords(records: readonly Record<string, unknown>[], name = 'records'): Table {
  if (!Array.isArray(records)) throw new TypeError(`${name}: expected an array of plain objects (rows)`);
  if (records.length === 0) throw new Error(`${name}: no rows`);
  const index = new Map<string, number>();
  records.forEach((r, i) => {
    if (r === null || typeof r !== 'object' || Array.isArray(r))
      throw new TypeError(`${name}: record ${i} is ${r === null ? 'null' : typeof r}, expected a plain object`);
    for (const k of Object.keys(r)) if (!index.has(k)) index.set(k, index.size);
  });
  const columns = [...index.keys()];
  const rows = records.map((r, i) => columns.map((c) => recordCell(r, c, () => `${name}: record ${i}`)));
  return { name, columns, length: rows.length, cell: (i, j) => rows[i][j], where: (i) => `${name} record ${i}` };
}

export function recordCell(r: Record<string, unknown>, column: string, where: () => string): Cell {
  const v = r[column];
  if (v === undefined || v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    return v;
  if (v instanceof Date) return v;
  throw new TypeError(
    `${where()}, column ${JSON.stringify(column)} holds ${typeof v}; expected a string, number, boolean, Date or null`,
  );
}

export type ReadTableOptions = CsvReadOptions;

/** Reads .csv/.tsv or .jsonl/.ndjson (one object per line), optionally .gz, streamed into a ColumnStore (the text
 *  is never held whole), or .json (an array of objects, parsed whole). */
export async function readTable(file: string, opts: ReadTableOptions = {}): Promise<Table> {
  if (/\.(jsonl|ndjson)(\.gz)?$/i.test(file)) return readJsonLines(file, opts.maxLineLength);
  if (/\.json$/i.test(file)) {
    let rows: unknown;
    try {
      rows = JSON.parse(await readText(file));
    } catch (e) {
      throw new Error(`${file}: not JSON (${(e as Error).message})`);
    }
    if (!Array.isArray(rows)) throw new Error(`${file}: expected a JSON array of row objects`);
    return tableFromRecords(rows as Record<string, unknown>[], file);
  }
  const builder = new CsvTableBuilder(file);
  for await (const batch of csvRecordBatches(file, opts)) for (const r of batch) builder.add(r);
  return builder.finish();
}

async function readText(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
}

/** Header names made unique and non-empty: "" → "column 3" (R's write.csv row-name column), repeats get ".2". */
function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n, j) => {
    const base = n === '' ? `column ${j + 1}` : n;
    const k = (seen.get(base) ?? 0) + 1;
    seen.set(base, k);
    return k === 1 ? base : `${base}.${k}`;
  });
}
