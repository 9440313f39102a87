// A raw table: column names and rows of cells as they came (strings from CSV, any JSON value from records), before
// any typing. Sources: CSV/TSV files (header on the first record), JSON Lines or a JSON array of objects, and
// arrays of plain objects from code. Every row keeps where it came from (file line or record index) so errors can
// name it.
import { readFile } from 'node:fs/promises';
import { readCsvFile, type CsvReadOptions, type CsvRecord } from './csv-reader';

export type Cell = string | number | boolean | Date | null | undefined;

export interface Table {
  /** The source, for messages: a file path or "records". */
  name: string;
  columns: string[];
  rows: Cell[][];
  /** Where row i came from: "file.csv:12" or "record 3". */
  where: (i: number) => string;
}

/** A table from parsed CSV records; the first record is the header. Ragged rows are errors naming the line. */
export function tableFromCsvRecords(records: CsvRecord[], file: string): Table {
  if (records.length === 0) throw new Error(`${file}: no data (the file is empty)`);
  const columns = uniqueNames(records[0].cells.map((c) => c.trim()));
  const width = columns.length;
  const rows: Cell[][] = [];
  const lines: number[] = [];
  for (let r = 1; r < records.length; r++) {
    const { cells, line } = records[r];
    if (cells.length !== width) {
      throw new Error(
        `${file}:${line}: expected ${width} fields as in the header, got ${cells.length}` +
          (cells.length > width ? ' (an unquoted delimiter inside a value?)' : ''),
      );
    }
    rows.push(cells);
    lines.push(line);
  }
  if (rows.length === 0) throw new Error(`${file}: the header has no data rows under it`);
  return { name: file, columns, rows, where: (i) => `${file}:${lines[i]}` };
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
  const rows = records.map((r, i) =>
    columns.map((c) => {
      const v = (r as Record<string, unknown>)[c];
      if (v === undefined || v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
        return v;
      if (v instanceof Date) return v;
      throw new TypeError(
        `${name}: record ${i}, column ${JSON.stringify(c)} holds ${typeof v}; expected a string, number, boolean, Date or null`,
      );
    }),
  );
  return { name, columns, rows, where: (i) => `${name} record ${i}` };
}

export type ReadTableOptions = CsvReadOptions;

/** Reads .csv/.tsv (optionally .gz), .jsonl/.ndjson (one object per line) or .json (an array of objects). */
export async function readTable(file: string, opts: ReadTableOptions = {}): Promise<Table> {
  if (/\.(jsonl|ndjson)$/i.test(file)) return tableFromRecords(parseJsonLines(await readText(file), file), file);
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
  let records: CsvRecord[];
  try {
    records = await readCsvFile(file, opts);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw err.code ? new Error(`cannot read ${file}: ${err.message}`) : err;
  }
  return tableFromCsvRecords(records, file);
}

function parseJsonLines(text: string, file: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      out.push(JSON.parse(line));
    } catch (e) {
      throw new Error(`${file}:${i + 1}: not a JSON object (${(e as Error).message})`);
    }
  });
  return out;
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
