// Delimited text (CSV, TSV) → records of string cells, by RFC 4180: fields may be quoted with "; a quoted field
// may hold the delimiter, CR/LF and doubled quotes ("" → "). Records end at LF, CRLF or a lone CR. A leading
// UTF-8 byte-order mark is dropped; blank lines are skipped. The parser is incremental (push chunks, then end), so
// a file is read as a stream of chunks; every record keeps the 1-based line it starts on, for error messages.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

export interface CsvRecord {
  cells: string[];
  /** 1-based line of the file where the record starts. */
  line: number;
}

export interface CsvReadOptions {
  /** Field separator (one character). Default: tab for .tsv/.tab files, else guessed from the first line among
   *  comma, semicolon and tab (the most frequent outside quotes), else comma. */
  delimiter?: string;
}

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
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  private first = true;

  constructor(
    readonly delimiter: string,
    readonly file = '<csv>',
  ) {
    if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || /[\r\n]/.test(delimiter))
      throw new Error(
        `csv: the delimiter must be one character other than a quote or newline, got ${JSON.stringify(delimiter)}`,
      );
  }

  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let i = 0;
    if (this.first && chunk.length > 0) {
      if (chunk.charCodeAt(0) === 0xfeff) i = 1; // byte-order mark
      this.first = false;
    }
    for (; i < chunk.length; i++) {
      const c = chunk[i];
      if (this.pendingCR) {
        this.pendingCR = false;
        if (c === '\n') continue; // CRLF: the CR ended the record already
      }
      if (this.inQuotes) {
        if (c === '"') {
          this.inQuotes = false;
          this.quoteClosed = true;
        } else {
          if (c === '\n' || (c === '\r' && chunk[i + 1] !== '\n')) this.line++;
          this.field += c;
        }
        continue;
      }
      if (c === '"') {
        if (this.quoteClosed) this.field += '"'; // "" inside a quoted field
        this.inQuotes = true;
        this.quoteClosed = false;
        this.started = true;
        this.quoteLine = this.line;
        continue;
      }
      this.quoteClosed = false;
      if (c === this.delimiter) {
        this.cells.push(this.field);
        this.field = '';
        this.started = true;
      } else if (c === '\n' || c === '\r') {
        this.finishRecord(out);
        this.line++;
        this.recordLine = this.line;
        this.pendingCR = c === '\r';
      } else {
        this.field += c;
        this.started = true;
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

  private finishRecord(out: CsvRecord[]): void {
    if (this.started || this.field !== '') {
      this.cells.push(this.field);
      out.push({ cells: this.cells, line: this.recordLine });
    }
    this.cells = [];
    this.field = '';
    this.started = false;
    this.quoteClosed = false;
  }
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
  const parser = new CsvParser(opts.delimiter ?? guessDelimiter(firstLineOf(text), file), file);
  return [...parser.push(text), ...parser.end()];
}

/** All records of a CSV/TSV file (optionally .gz), read as a stream of chunks. */
export async function readCsvFile(file: string, opts: CsvReadOptions = {}): Promise<CsvRecord[]> {
  const records: CsvRecord[] = [];
  let parser: CsvParser | undefined;
  const input = createReadStream(file);
  const stream = /\.gz$/i.test(file) ? input.pipe(createGunzip()) : input;
  stream.setEncoding('utf8');
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      parser ??= new CsvParser(opts.delimiter ?? guessDelimiter(firstLineOf(chunk), file), file);
      for (const r of parser.push(chunk)) records.push(r);
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code || err.message.includes('incorrect header')) throw new Error(`cannot read ${file}: ${err.message}`);
    throw e;
  } finally {
    input.destroy();
  }
  if (parser) for (const r of parser.end()) records.push(r);
  return records;
}

function firstLineOf(text: string): string {
  const end = text.search(/[\r\n]/);
  return end < 0 ? text : text.slice(0, end);
}
