// Delimited text (CSV, TSV) → records of string cells, by RFC 4180: fields may be quoted with "; a quoted field
// may hold the delimiter, CR/LF and doubled quotes ("" → "). Records end at LF, CRLF or a lone CR. A leading
// UTF-8 byte-order mark is dropped; blank lines are skipped. The parser is incremental (push chunks, then end):
// files are read as a byte stream (gunzipped for .gz), decoded chunk by chunk, and the state machine carries a
// field, a quote or a CR across chunk boundaries, so no file is ever held as one string. Every record keeps the
// 1-based line it starts on, for error messages. Bounds (why: a 400 MB header of 104.9M columns took 5.5 GB, a
// 600 MB line hit V8's string limit): a record wider than maxColumns or longer than maxLineLength characters is an
// error naming the file and line, raised as soon as the bound is crossed.
import { textChunks } from './text-chunks';

export interface CsvRecord {
  cells: string[];
  /** 1-based line of the file where the record starts. */
  line: number;
}

export interface CsvLimits {
  /** Most fields in one record (default 100 000). */
  maxColumns?: number;
  /** Most characters in one record, quoted newlines included (default 16 Mi = 16 777 216). */
  maxLineLength?: number;
}

export interface CsvReadOptions extends CsvLimits {
  /** Field separator (one character). Default: tab for .tsv/.tab files, else guessed from the first line among
   *  comma, semicolon and tab (the most frequent outside quotes), else comma. */
  delimiter?: string;
}

export const CSV_LIMITS: Required<CsvLimits> = { maxColumns: 100_000, maxLineLength: 16 * 1024 * 1024 };

const QUOTE = 34,
  LF = 10,
  CR = 13;

/** Incremental RFC 4180 parser: push(text) returns the records completed so far, end() the last one. */
export class CsvParser {
  private field = '';
  private cells: string[] = [];
  private inQuotes = false;
  /** The previous character closed a quoted section (a following " is an escaped quote). */
  private quoteClosed = false;
  /** The record has content: a field, a delimiter or a quote (blank lines have none). */
  private started = false;
  private pendingCR = false;
  /** Inside quotes, the last character was a CR (a following LF is the same line break). */
  private quotedCR = false;
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  private recordLength = 0;
  private first = true;
  private readonly delimiterCode: number;
  private readonly limits: Required<CsvLimits>;

  constructor(
    readonly delimiter: string,
    readonly file = '<csv>',
    limits: CsvLimits = {},
  ) {
    if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || /[\r\n]/.test(delimiter))
      throw new Error(
        `csv: the delimiter must be one character other than a quote or newline, got ${JSON.stringify(delimiter)}`,
      );
    this.delimiterCode = delimiter.charCodeAt(0);
    this.limits = { ...CSV_LIMITS, ...definedLimits(limits) };
  }

  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let i = 0;
    if (this.first && chunk.length > 0) {
      if (chunk.charCodeAt(0) === 0xfeff) i = 1; // byte-order mark
      this.first = false;
    }
    const n = chunk.length;
    while (i < n) {
      const c = chunk.charCodeAt(i);
      if (this.pendingCR) {
        this.pendingCR = false;
        if (c === LF) {
          i++; // CRLF: the CR ended the record already
          continue;
        }
      }
      if (this.inQuotes) i = this.quoted(chunk, i);
      else if (c === QUOTE) {
        if (this.quoteClosed) this.append('"'); // "" inside a quoted field
        this.inQuotes = true;
        this.quotedCR = false;
        this.quoteClosed = false;
        this.started = true;
        this.quoteLine = this.line;
        i++;
      } else {
        this.quoteClosed = false;
        if (c === this.delimiterCode) this.endField();
        else if (c === LF || c === CR) {
          this.finishRecord(out);
          this.line++;
          this.recordLine = this.line;
          this.pendingCR = c === CR;
        } else {
          i = this.plain(chunk, i);
          continue;
        }
        i++;
      }
    }
    return out;
  }

  end(): CsvRecord[] {
    if (this.inQuotes)
      throw new Error(`${this.file}:${this.quoteLine}: a quoted field opened on this line is never closed`);
    const out: CsvRecord[] = [];
    this.finishRecord(out);
    return out;
  }

  /** Quoted text from chunk[i] up to the closing quote (or the chunk's end); returns the next index. */
  private quoted(chunk: string, i: number): number {
    const q = chunk.indexOf('"', i);
    const end = q < 0 ? chunk.length : q;
    for (let k = i; k < end; k++) {
      const c = chunk.charCodeAt(k);
      if (c === CR || (c === LF && !this.quotedCR)) this.line++;
      this.quotedCR = c === CR;
    }
    this.append(chunk.slice(i, end));
    if (q < 0) return end;
    this.inQuotes = false;
    this.quoteClosed = true;
    return q + 1;
  }

  /** A run of unquoted characters from chunk[i] up to a delimiter, quote or line break; returns its end. */
  private plain(chunk: string, i: number): number {
    let j = i + 1;
    for (; j < chunk.length; j++) {
      const c = chunk.charCodeAt(j);
      if (c === this.delimiterCode || c === QUOTE || c === LF || c === CR) break;
    }
    this.append(chunk.slice(i, j));
    this.started = true;
    return j;
  }

  private append(text: string): void {
    this.recordLength += text.length;
    if (this.recordLength > this.limits.maxLineLength)
      throw new Error(
        `${this.file}:${this.recordLine}: the line is longer than ${this.limits.maxLineLength} characters ` +
          `(column ${this.cells.length + 1}; maxLineLength, raise it if the file really has such lines)`,
      );
    this.field += text;
  }

  private endField(): void {
    if (this.cells.length + 1 >= this.limits.maxColumns)
      throw new Error(
        `${this.file}:${this.recordLine}: more than ${this.limits.maxColumns} columns ` +
          `(maxColumns, raise it if the file really is this wide)`,
      );
    this.cells.push(this.field);
    this.recordLength++;
    this.field = '';
    this.started = true;
  }

  private finishRecord(out: CsvRecord[]): void {
    if (this.started || this.field !== '') {
      this.cells.push(this.field);
      out.push({ cells: this.cells, line: this.recordLine });
    }
    this.cells = [];
    this.field = '';
    this.started = false;
    this.quoteClosed = false;
    this.recordLength = 0;
  }
}

function definedLimits(limits: CsvLimits): CsvLimits {
  const out: CsvLimits = {};
  for (const k of ['maxColumns', 'maxLineLength'] as const) {
    const v = limits[k];
    if (v === undefined) continue;
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`csv: ${k} must be a whole number ≥ 1, got ${v}`);
    out[k] = v;
  }
  return out;
}

/** The delimiter a file most likely uses: by extension, else the most frequent of , ; tab outside quotes in the
 *  first line. */
export function guessDelimiter(firstLine: string, file = ''): string {
  if (/\.(tsv|tab)(\.gz)?$/i.test(file)) return '\t';
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const c of firstLine) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

/** All records of CSV text. */
export function parseCsvText(text: string, file = '<csv>', opts: CsvReadOptions = {}): CsvRecord[] {
  const parser = new CsvParser(opts.delimiter ?? guessDelimiter(firstLineOf(text), file), file, opts);
  return [...parser.push(text), ...parser.end()];
}

/** The records of a CSV/TSV file (optionally .gz) as they are parsed, a batch per chunk read: the file is
 *  streamed (64 KiB chunks), never held whole. */
export async function* csvRecordBatches(file: string, opts: CsvReadOptions = {}): AsyncGenerator<CsvRecord[]> {
  let parser: CsvParser | undefined;
  for await (const chunk of textChunks(file)) {
    parser ??= new CsvParser(opts.delimiter ?? guessDelimiter(firstLineOf(chunk), file), file, opts);
    const records = parser.push(chunk);
    if (records.length > 0) yield records;
  }
  if (parser) yield parser.end();
}

function firstLineOf(text: string): string {
  const end = text.search(/[\r\n]/);
  return end < 0 ? text : text.slice(0, end);
}
