// Datasets by name and the one split rule (src/data/by-name.ts): the test rows are a fixed, disjoint 20 % of a
// CSV file; the training rows are the rest; names other than digits, fashion-mnist and .csv files are refused.
import { describe, expect, it } from 'vitest';
import { dataRefFromName, loadByName, loadTrainingRows } from '../../src/data/by-name';
import { rowNumberedCsv } from '../helpers/row-numbered-csv';

describe('datasets by name', () => {
  it('a CSV file: 20 % test rows, the rest training rows, disjoint, together every row; the same on every load', async () => {
    const file = rowNumberedCsv(50);
    const ref = dataRefFromName(file);
    const { train, test } = await loadByName(ref);
    expect(test.x.rows).toBe(10);
    expect(train.x.rows).toBe(40);
    const trainRows = new Set(train.y);
    const testRows = [...test.y];
    expect(testRows.filter((r) => trainRows.has(r))).toEqual([]);
    expect([...trainRows, ...testRows].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...(await loadTrainingRows(ref)).y]).toEqual([...train.y]);
    expect([...(await loadByName(ref)).test.y]).toEqual(testRows);
  });

  it('digits: 1438 training rows, 359 test rows', async () => {
    const { train, test } = await loadByName(dataRefFromName('digits'));
    expect([train.x.rows, test.x.rows]).toEqual([1438, 359]);
    expect((await loadTrainingRows({ kind: 'digits' })).x.rows).toBe(1438);
  });

  it('references: label column and task for CSV, the directory for fashion-mnist; other names are refused', () => {
    expect(dataRefFromName('x.csv.gz', { label: '-1', task: 'regression' })).toEqual({
      kind: 'csv',
      path: 'x.csv.gz',
      labelColumn: -1,
      task: 'regression',
    });
    expect(dataRefFromName('x.csv', { label: 'price' })).toEqual({ kind: 'csv', path: 'x.csv', labelColumn: 'price' });
    expect(dataRefFromName('fashion-mnist', { dir: '/d' })).toEqual({ kind: 'fashion-mnist', dir: '/d' });
    expect(() => dataRefFromName('mnist.bin')).toThrow(
      /data must be digits, fashion-mnist or a .csv file, got "mnist.bin"/,
    );
  });

  it('a CSV file too small to split is an error naming it', async () => {
    const file = rowNumberedCsv(5);
    await expect(loadByName(dataRefFromName(file))).rejects.toThrow(/rows.csv: 5 rows are too few/);
  });
});
