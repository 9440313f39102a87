// JSON Lines (.jsonl/.ndjson: one object per line) streamed into a ColumnStore, and lines of any byte stream with
// a bound on their length. Columns are the keys in order of first appearance; a key first seen on a later line is
// missing (undefined) in the rows before it.
import { ColumnStore } from './column-store';
import { CSV_LIMITS } from './csv-reader';
import { recordCell, type Table } from './table';
import { textChunks } from './text-chunks';

/** The lines of a file (optionally .gz) with their 1-based numbers; a line over maxLineLength characters is an
 *  error naming the file and line. */
export async function* fileLines(
  file: string,
  maxLineLength = CSV_LIMITS.maxLineLength,
): AsyncGenerator<{ text: string; line: number }> {
  let pending = '';
  let line = 1;
  const tooLong = () =>
    new Error(`${file}:${line}: the line is longer than ${maxLineLength} characters (maxLineLength)`);
  for await (const chunk of textChunks(file)) {
    const parts = (line === 1 && pending === '' ? chunk.replace(/^\uFEFF/, '') : chunk).split('\n');
    parts[0] = pending + parts[0];
    pending = parts.pop()!;
    for (const text of parts) {
      if (text.length > maxLineLength) throw tooLong();
      yield { text: text.replace(/\r$/, ''), line: line++ };
    }
    if (pending.length > maxLineLength) throw tooLong();
  }
  if (pending !== '') yield { text: pending.replace(/\r$/, ''), line };
}

/** A table from a JSON Lines file; blank lines are skipped, anything but an object per line is an error. */
export async function readJsonLines(file: string, maxLineLength?: number): Promise<Table> {
  const store = new ColumnStore(0, false);
  const index = new Map<string, number>();
  const lines: number[] = [];
  for await (const { text, line } of fileLines(file, maxLineLength)) {
    if (text.trim() === '') continue;
    let row: unknown;
    try {
      row = JSON.parse(text);
    } catch (e) {
      throw new Error(`${file}:${line}: not a JSON object (${(e as Error).message})`);
    }
    if (row === null || typeof row !== 'object' || Array.isArray(row))
      throw new Error(`${file}:${line}: not a JSON object (${Array.isArray(row) ? 'an array' : String(row)})`);
    for (const k of Object.keys(row)) if (!index.has(k)) index.set(k, store.addColumn());
    const cells = new Array(store.width);
    for (const [k, j] of index) cells[j] = recordCell(row as Record<string, unknown>, k, () => `${file}:${line}`);
    store.push(cells);
    lines.push(line);
  }
  if (store.length === 0) throw new Error(`${file}: no rows`);
  return {
    name: file,
    columns: [...index.keys()],
    length: store.length,
    cell: (i, j) => store.cell(i, j),
    where: (i) => `${file}:${lines[i]}`,
  };
}
