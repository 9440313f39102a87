// Numeric CSV → Dataset (typed tables with text, dates and missing cells: src/tabular/). Fields may be quoted
// (RFC 4180). Every cell must be a finite number; empty cells and NaN are rejected with the file and
// line. Classification labels must be whole numbers; they are mapped, sorted, to class indices 0..C−1 (the
// original values are kept in `classValues`). Regression targets are kept as numbers. The file is streamed
// (tabular/csv-reader) straight into the float32 matrix: memory is the matrix, not the text.
import { Tensor } from '../tensor';
import { csvRecordBatches, parseCsvText, type CsvLimits, type CsvRecord } from '../tabular/csv-reader';
import { cellNumber } from '../tabular/cells';
import type { Dataset } from './dataset';

export interface CsvOptions extends CsvLimits {
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
  const builder = new NumericCsvBuilder(file, opts);
  try {
    for await (const batch of csvRecordBatches(file, { ...opts, delimiter: ',' }))
      for (const r of batch) builder.add(r);
  } catch (e) {
    const message = (e as Error).message;
    throw message.startsWith('cannot read') ? new Error(`loadCSV: ${message}`) : e;
  }
  return builder.finish();
}

/** Parses CSV text; `file` names the source in errors. */
export function parseCSV(text: string, file: string, opts: CsvOptions = {}): CsvDataset {
  const builder = new NumericCsvBuilder(file, opts);
  for (const r of parseCsvText(text, file, { ...opts, delimiter: ',' })) builder.add(r);
  return builder.finish();
}

/** Records in, a growing float32 matrix [N, width − 1] and label vector out. */
class NumericCsvBuilder {
  private readonly task: 'classification' | 'regression';
  private width = 0;
  private label = 0;
  private columns?: string[];
  private rows = 0;
  private x = new Float32Array(0);
  private y = new Float64Array(0);

  constructor(
    private readonly file: string,
    private readonly opts: CsvOptions,
  ) {
    this.task = opts.task ?? 'classification';
    if (this.task !== 'classification' && this.task !== 'regression')
      throw new Error(`loadCSV: task must be 'classification' or 'regression', got ${JSON.stringify(this.task)}`);
  }

  add({ cells, line }: CsvRecord): void {
    if (this.width === 0 && this.start(cells, line)) return;
    const { file, width, label } = this;
    if (cells.length !== width) throw new Error(`${file}:${line}: expected ${width} columns, got ${cells.length}`);
    const d = width - 1;
    if (this.rows === this.y.length) this.grow(d);
    const row = this.rows++;
    for (let j = 0, o = row * d; j < width; j++) {
      const c = cells[j].trim();
      if (c === '') throw new Error(`${file}:${line}: column ${j + 1} is empty (missing values are not accepted)`);
      const v = cellNumber(c);
      if (v === undefined)
        throw new Error(`${file}:${line}: column ${j + 1} is ${JSON.stringify(c)}, not a finite number`);
      if (j === label) this.y[row] = v;
      else this.x[o++] = v;
    }
    if (this.task === 'classification' && !Number.isInteger(this.y[row]))
      throw new Error(
        `${file}:${line}: label ${this.y[row]} is not a whole number (use task: 'regression' for real-valued targets)`,
      );
  }

  finish(): CsvDataset {
    if (this.width === 0) throw new Error(`${this.file}: no data (the file is empty)`);
    if (this.rows === 0) throw new Error(`${this.file}: no data rows`);
    const n = this.rows,
      d = this.width - 1;
    const base = { x: new Tensor(this.x.slice(0, n * d), [n, d]), name: this.file, columns: this.columns };
    const labels = this.y.subarray(0, n);
    if (this.task === 'regression') return { ...base, y: Float32Array.from(labels) };
    const values = [...new Set(labels)].sort((a, b) => a - b);
    const index = new Map(values.map((v, k) => [v, k]));
    const y = Int32Array.from(labels, (v) => index.get(v)!);
    return { ...base, y, numClasses: values.length, classValues: values };
  }

  /** The first record: the header (when it has one) and the label column; true when it holds no data. */
  private start(cells: string[], line: number): boolean {
    const { file, opts } = this;
    const first = cells.map((c) => c.trim());
    const header =
      opts.header === undefined || opts.header === 'auto'
        ? first.some((c) => cellNumber(c) === undefined)
        : opts.header;
    this.width = first.length;
    if (this.width < 2)
      throw new Error(`${file}:${line}: expected at least 2 columns (features and a label), got ${this.width}`);
    this.columns = header ? first : undefined;
    this.label = resolveLabel(opts.labelColumn, this.width, this.columns, file);
    return header;
  }

  private grow(d: number): void {
    const rows = Math.max(64, 2 * this.y.length);
    const x = new Float32Array(rows * d);
    x.set(this.x);
    const y = new Float64Array(rows);
    y.set(this.y);
    [this.x, this.y] = [x, y];
  }
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
