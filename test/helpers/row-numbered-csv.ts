// A CSV file whose label is the row number: every row is recognisable by its class index wherever it ends up
// (the labels 0..n−1 map to class indices 0..n−1), for tests that follow rows through splits.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Writes n rows `sin(i), cos(3i), i` under a header a,b,row; returns the path. */
export function rowNumberedCsv(n: number): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'nnkit-rows-')), 'rows.csv');
  const lines = ['a,b,row'];
  for (let i = 0; i < n; i++) lines.push(`${Math.sin(i)},${Math.cos(3 * i)},${i}`);
  writeFileSync(file, lines.join('\n'));
  return file;
}
