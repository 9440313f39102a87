// Numeric CSV → Dataset (typed tables with text, dates and missing cells: src/tabular/). Fields may be quoted
// (RFC 4180). Every cell must be a finite number; empty cells and NaN are rejected with the file and
// line. Classification labels must be whole numbers; they are mapped, sorted, to class indices 0..C−1 (the
// original values are kept in `classValues`). Regression targets are kept as numbers.
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { Tensor } from '../tensor';
import { parseCsvText } from '../tabular/csv-reader';
import { cellNumber } from '../tabular/cells';
import type { Dataset } from './dataset';

const gunzipAsync = promisify(gunzip);

export interface CsvOptions {
  /** Column holding the target: an index (negative counts from the end) or a header name. Default: the last. */
  labelColumn?: number | string;
  /** Whether the first line holds column names. Default 'auto': a header when any first-line cell is not a number. */
  header?: boolean | 'auto';
  task?: 'classification' | 'regression';
}

export interface CsvDataset extends Dataset {
  columns?: string[];
  /** Classification: the label value each class index stands for. */
  classValues?: number[];
}

export async function loadCSV(file: string, opts: CsvOptions = {}): Promise<CsvDataset> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (e) {
    throw new Error(`loadCSV: cannot read ${file}: ${(e as Error).message}`);
  }
  if (file.endsWith('.gz')) buf = await gunzipAsync(buf);
  return parseCSV(buf.toString('utf8'), file, opts);
}

/** Parses CSV text; `file` names the source in errors. */
export function parseCSV(text: string, file: string, opts: CsvOptions = {}): CsvDataset {
  const task = opts.task ?? 'classification';
  if (task !== 'classification' && task !== 'regression') {
    throw new Error(`loadCSV: task must be 'classification' or 'regression', got ${JSON.stringify(task)}`);
  }
  // RFC 4180 records (quoted fields, quoted headers as R and pandas write them, BOM, CRLF): tabular/csv-reader.ts
  const records = parseCsvText(text, file, { delimiter: ',' });
  if (records.length === 0) throw new Error(`${file}: no data (the file is empty)`);
  const firstCells = records[0].cells.map((c) => c.trim());
  const header =
    opts.header === undefined || opts.header === 'auto' ? firstCells.some((c) => !isNumber(c)) : opts.header;
  const width = firstCells.length;
  if (width < 2)
    throw new Error(`${file}:${records[0].line}: expected at least 2 columns (features and a label), got ${width}`);
  const columns = header ? firstCells : undefined;
  const label = resolveLabel(opts.labelColumn, width, columns, file);

  const body = header ? records.slice(1) : records;
  const rows = body.map(({ cells, line }) => {
    if (cells.length !== width) throw new Error(`${file}:${line}: expected ${width} columns, got ${cells.length}`);
    return cells.map((cell, j) => {
      const c = cell.trim();
      if (c === '') throw new Error(`${file}:${line}: column ${j + 1} is empty (missing values are not accepted)`);
      if (!isNumber(c))
        throw new Error(`${file}:${line}: column ${j + 1} is ${JSON.stringify(c)}, not a finite number`);
      return Number(c);
    });
  });
  if (rows.length === 0) throw new Error(`${file}: no data rows`);

  const d = width - 1;
  const x = new Float32Array(rows.length * d);
  rows.forEach((r, i) => {
    for (let j = 0, o = 0; j < width; j++) if (j !== label) x[i * d + o++] = r[j];
  });
  const base = { x: new Tensor(x, [rows.length, d]), name: file, columns };
  if (task === 'regression') return { ...base, y: Float32Array.from(rows, (r) => r[label]) };

  const values = [...new Set(rows.map((r) => r[label]))].sort((a, b) => a - b);
  rows.forEach((r, i) => {
    if (!Number.isInteger(r[label])) {
      throw new Error(
        `${file}:${body[i].line}: label ${r[label]} is not a whole number ` +
          "(use task: 'regression' for real-valued targets)",
      );
    }
  });
  const index = new Map(values.map((v, k) => [v, k]));
  const y = Int32Array.from(rows, (r) => index.get(r[label])!);
  return { ...base, y, numClasses: values.length, classValues: values };
}

function resolveLabel(
  col: number | string | undefined,
  width: number,
  columns: string[] | undefined,
  file: string,
): number {
  if (col === undefined) return width - 1;
  if (typeof col === 'string') {
    const i = columns?.indexOf(col) ?? -1;
    if (i < 0)
      throw new Error(
        `loadCSV: labelColumn ${JSON.stringify(col)} is not in the header of ${file}` +
          (columns ? ` (columns: ${columns.join(', ')})` : ' (the file has no header)'),
      );
    return i;
  }
  const i = col < 0 ? width + col : col;
  if (!Number.isInteger(col) || i < 0 || i >= width) {
    throw new Error(`loadCSV: labelColumn ${col} is outside the ${width} columns of ${file}`);
  }
  return i;
}

function isNumber(s: string): boolean {
  return cellNumber(s) !== undefined;
}
