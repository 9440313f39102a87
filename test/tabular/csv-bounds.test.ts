// The CSV attacks of #21 item 10, scaled down: a header with an absurd column count is refused before much of it
// is read; a line longer than the bound is an error naming file and line (not V8's ERR_STRING_TOO_LONG); files
// are streamed into typed storage (numbers as float64), never held as one string.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadCSV } from '../../src/data/csv';
import { ColumnStore, printedNumber } from '../../src/tabular/column-store';
import { CSV_LIMITS, CsvParser } from '../../src/tabular/csv-reader';
import { readTable } from '../../src/tabular/table';

const dir = mkdtempSync(path.join(os.tmpdir(), 'nnkit-csv-bounds-'));
const wide = (columns: number) => Array.from({ length: columns }, (_, j) => `c${j}`).join(',');

/** Pushes 1 KiB chunks of an endless stream into the parser until it throws; returns the characters consumed. */
function consumedUntilError(parser: CsvParser, chunk: string, head = ''): { consumed: number; error: Error } {
  let consumed = 0;
  try {
    parser.push(head);
    consumed += head.length;
    for (;;) {
      parser.push(chunk);
      consumed += chunk.length;
      if (consumed > 1e7) throw new Error('the parser never refused the input');
    }
  } catch (e) {
    return { consumed, error: e as Error };
  }
}

describe('CSV bounds', () => {
  it('refuses a header wider than maxColumns after reading only the first maxColumns fields', () => {
    const p = new CsvParser(',', 'wide.csv', { maxColumns: 5000 });
    const { consumed, error } = consumedUntilError(p, 'x,'.repeat(512));
    expect(error.message).toMatch(/^wide\.csv:1: more than 5000 columns \(maxColumns/);
    // 2 characters per field: refused within the chunk holding field 5000 (a bound on memory and time)
    expect(consumed).toBeLessThanOrEqual(2 * 5000 + 1024);
    expect(consumed).toBeGreaterThanOrEqual(2 * 4999 - 1024);
  });

  it('refuses a line longer than maxLineLength after reading about that many characters, naming its line', () => {
    const p = new CsvParser(',', 'long.csv', { maxLineLength: 100_000 });
    const { consumed, error } = consumedUntilError(p, 'y'.repeat(1024), 'a,b\n1,2\n"q\n",');
    expect(error.message).toMatch(/^long\.csv:3: the line is longer than 100000 characters \(column 2; maxLineLength/);
    expect(consumed).toBeLessThanOrEqual(100_000 + 2048);
  });

  it('a file of 2 rows × 300 000 columns is refused by readTable and loadCSV with the file and line', async () => {
    const file = path.join(dir, 'wide.csv');
    writeFileSync(file, `${wide(300_000)}\n${'1,'.repeat(299_999)}1\n`);
    expect(CSV_LIMITS.maxColumns).toBe(100_000);
    await expect(readTable(file)).rejects.toThrow(`${file}:1: more than 100000 columns`);
    await expect(loadCSV(file)).rejects.toThrow(`${file}:1: more than 100000 columns`);
    const gz = path.join(dir, 'wide.csv.gz');
    writeFileSync(gz, gzipSync(`${wide(300_000)}\n`));
    await expect(readTable(gz)).rejects.toThrow(`${gz}:1: more than 100000 columns`);
    // a wide file the user vouches for is read with the bound raised
    const t = await readTable(file, { maxColumns: 300_000 });
    expect([t.columns.length, t.length, t.cell(0, 299_999)]).toEqual([300_000, 1, 1]);
  });

  it('a line over the default 16 Mi characters names the file and line, in CSV and JSON Lines', async () => {
    const csv = path.join(dir, 'long.csv');
    const long = 'z'.repeat(CSV_LIMITS.maxLineLength + 10);
    writeFileSync(csv, `a,b\n1,2\n3,${long}\n`);
    await expect(readTable(csv)).rejects.toThrow(`${csv}:3: the line is longer than 16777216 characters`);
    await expect(loadCSV(csv)).rejects.toThrow(`${csv}:3: the line is longer than 16777216 characters`);
    const jsonl = path.join(dir, 'long.jsonl');
    writeFileSync(jsonl, `{"a":1}\n{"a":"${long}"}\n`);
    await expect(readTable(jsonl)).rejects.toThrow(`${jsonl}:2: the line is longer than 16777216 characters`);
    await expect(readTable(jsonl, { maxLineLength: 1 << 25 })).resolves.toMatchObject({ length: 2 });
  });

  it('loadCSV streams numbers into the matrix, across chunk boundaries and gzip', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i * 0.5},"${-i}",${i % 3}`);
    const text = `"a","b","label"\r\n${rows.join('\r\n')}\r\n`;
    const file = path.join(dir, 'many.csv.gz');
    writeFileSync(file, gzipSync(text));
    const ds = await loadCSV(file);
    expect(ds.x.shape).toEqual([20_000, 2]);
    expect(Array.from(ds.x.data.subarray(2 * 12_345, 2 * 12_345 + 2))).toEqual([6172.5, -12_345]);
    expect(ds.y[19_999]).toBe(19_999 % 3);
    expect(ds.columns).toEqual(['a', 'b', 'label']);
    expect(ds.x.data.length).toBe(40_000);
  });
});

describe('ColumnStore', () => {
  it('keeps numbers JavaScript prints the same as float64, other cells exactly, and back-fills new columns', () => {
    const s = new ColumnStore(2);
    const rows = [
      ['3', 'red'],
      ['1.50', ' 3'],
      ['-0.25', ''],
      ['1e5', 'NA'],
    ];
    for (let k = 0; k < 40; k++) for (const r of rows) s.push(r); // past the initial capacity of 16
    expect(s.length).toBe(160);
    const got = (i: number) => [s.cell(i, 0), s.cell(i, 1)];
    expect([got(0), got(1), got(2), got(3)]).toEqual([
      [3, 'red'],
      ['1.50', ' 3'],
      [-0.25, ''],
      ['1e5', 'NA'],
    ]);
    expect(got(157)).toEqual(['1.50', ' 3']);
    s.addColumn();
    s.push(['7', 'x', 'new']);
    expect([s.cell(0, 2), s.cell(160, 2), s.cell(160, 0)]).toEqual([undefined, 'new', 7]);
    const json = new ColumnStore(1, false);
    json.push(['3']);
    json.push([3]);
    expect([json.cell(0, 0), json.cell(1, 0)]).toEqual(['3', 3]);
  });
});

describe('printedNumber', () => {
  it('agrees with String(Number(s)) === s on plain decimals, edge forms and random values', () => {
    const slow = (s: string) => {
      const n = Number(s);
      return s !== '' && Number.isFinite(n) && String(n) === s ? n : NaN;
    };
    const cases = [
      '0',
      '-0',
      '3',
      '03',
      '-3',
      '1.5',
      '1.50',
      '0.1',
      '.5',
      '5.',
      '-0.0',
      '0.000001',
      '0.0000001',
      '123456789012345',
      '1234567890123456',
      '0.30000000000000004',
      '1e5',
      '1e+21',
      '100000000000000000000',
      '1000000000000000000000',
      'NaN',
      'Infinity',
      '-Infinity',
      ' 3',
      '3 ',
      '+3',
      '0x10',
      '',
      '-',
      '1.2.3',
    ];
    for (let k = 0; k < 2000; k++) {
      const x = (Math.random() - 0.5) * 10 ** Math.floor(Math.random() * 30 - 10);
      cases.push(String(x), x.toFixed(k % 8), x.toPrecision(1 + (k % 17)));
    }
    for (const s of cases) expect([s, printedNumber(s)]).toEqual([s, slow(s)]);
  });
});
