// RFC 4180 reading: quoting, doubled quotes, newlines in quotes, BOM, CRLF, delimiters, chunk boundaries, errors.
import { describe, expect, it } from 'vitest';
import { CsvParser, guessDelimiter, parseCsvText } from '../../src/tabular/csv-reader';
import { tableFromCsvRecords } from '../../src/tabular/table';

const cells = (text: string, delimiter?: string) => parseCsvText(text, 't.csv', { delimiter }).map((r) => r.cells);

describe('CSV reader', () => {
  it('unquotes fields, keeps delimiters, newlines and doubled quotes inside quotes', () => {
    const text = '"a","b c","d"\r\n"x, y","line1\nline2","say ""hi"""\r\n1,,3\n';
    expect(cells(text)).toEqual([
      ['a', 'b c', 'd'],
      ['x, y', 'line1\nline2', 'say "hi"'],
      ['1', '', '3'],
    ]);
  });

  it('drops a byte-order mark, skips blank lines, keeps a trailing empty field and an empty quoted field', () => {
    expect(cells('\uFEFFa,b\n\n1,\n"",2')).toEqual([
      ['a', 'b'],
      ['1', ''],
      ['', '2'],
    ]);
  });

  it('records the line each record starts on, counting newlines inside quotes', () => {
    const recs = parseCsvText('h1,h2\n"multi\nline",1\n\nz,2\n', 't.csv');
    expect(recs.map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const text = '"a;1";b\r\n"q""x";"r\r\ns"\r\n5;6';
    const whole = cells(text, ';');
    const p = new CsvParser(';');
    const pieces = [...text].flatMap((c) => p.push(c));
    expect([...pieces, ...p.end()].map((r) => r.cells)).toEqual(whole);
    expect(whole).toEqual([
      ['a;1', 'b'],
      ['q"x', 'r\r\ns'],
      ['5', '6'],
    ]);
  });

  it('guesses tab for .tsv and the most frequent of , ; tab outside quotes', () => {
    expect(guessDelimiter('a,b', 'x.tsv')).toBe('\t');
    expect(guessDelimiter('"a,b";"c,d";e')).toBe(';');
    expect(guessDelimiter('a\tb\tc')).toBe('\t');
    expect(guessDelimiter('single')).toBe(',');
    expect(cells('a\tb\n"1\t2"\t3', '\t')).toEqual([
      ['a', 'b'],
      ['1\t2', '3'],
    ]);
  });

  it('an unclosed quote names the line where it opened; a ragged row names its line and the count', () => {
    expect(() => parseCsvText('a,b\n1,"open\n2,3\n', 'bad.csv')).toThrow(
      /bad.csv:2: a quoted field opened on this line is never closed/,
    );
    const recs = parseCsvText('a,b,c\n1,2,3\n4,5\n', 'r.csv');
    expect(() => tableFromCsvRecords(recs, 'r.csv')).toThrow(/r.csv:3: expected 3 fields as in the header, got 2/);
  });

  it("names R's empty row-name header and repeated headers", () => {
    const t = tableFromCsvRecords(parseCsvText('"","x","x"\n"1",2,3\n', 'r.csv'), 'r.csv');
    expect(t.columns).toEqual(['column 1', 'x', 'x.2']);
    expect(t.where(0)).toBe('r.csv:2');
  });
});
