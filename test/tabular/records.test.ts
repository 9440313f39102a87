// data.fromRecords: rows from code take the same typed-table path as a CSV file (same schema, same fitted
// preprocessing, same training), with the options given alongside the rows as trainTable's defaults.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { fromRecords } from '../../src/data/records';
import { readTable } from '../../src/tabular/table';
import { trainTable } from '../../src/tabular/train-table';
import { describeEachBackend } from '../helpers/backends';

/** Houses: area, rooms, a city (text), a garden flag, price = a rule on them (targets in the hundreds). */
function houses(n: number): { area: number | null; rooms: number; city: string; garden: boolean; price: number }[] {
  let s = 7;
  const r = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: n }, () => {
    const area = Math.round(40 + 120 * r());
    const rooms = 1 + Math.floor(5 * r());
    const city = ['north', 'south', 'east'][Math.floor(3 * r())];
    const garden = r() < 0.4;
    const price = Math.round(2 * area + 15 * rooms + (city === 'north' ? 80 : 0) + (garden ? 30 : 0));
    return { area: r() < 0.05 ? null : area, rooms, city, garden, price };
  });
}

describeEachBackend('data.fromRecords', (b) => {
  it('trains the same model as the same rows written to a CSV file, with the label given alongside the rows', async () => {
    setBackend(b.name);
    const rows = houses(150);
    const csv = path.join(mkdtempSync(path.join(os.tmpdir(), 'nnkit-records-')), 'houses.csv');
    const cell = (v: unknown) => (v === null ? '' : String(v));
    writeFileSync(
      csv,
      ['area,rooms,city,garden,price', ...rows.map((r) => Object.values(r).map(cell).join(','))].join('\n'),
    );
    const train = { seed: 3, epochs: 4 };
    const fromCode = await trainTable(fromRecords(rows, { label: 'price' }), train);
    const fromFile = await trainTable(await readTable(csv), { ...train, label: 'price' });
    expect(fromCode.schema.task).toBe('regression');
    expect(fromCode.schema.columns.map((c) => c.kind)).toEqual(['numeric', 'numeric', 'categorical', 'boolean']);
    expect(fromCode.pipeline.toJSON()).toEqual(fromFile.pipeline.toJSON());
    expect(fromCode.history.epochs.map((e) => e.trainLoss)).toEqual(fromFile.history.epochs.map((e) => e.trainLoss));
    const p = await fromCode.model.predictRows([{ area: 90, rooms: 3, city: 'north', garden: false }]);
    expect('value' in p[0] && Number.isFinite(p[0].value)).toBe(true);
  });
});

it('fromRecords checks its options at once, naming the columns', () => {
  const rows = houses(30);
  expect(() => fromRecords(rows, { label: 'cost' })).toThrow(
    'label "cost" is not a column of records (columns: "area", "rooms", "city", "garden", "price")',
  );
  expect(() => fromRecords(rows, { label: 'price', columns: { zip: 'categorical' } })).toThrow(/"zip" is not a column/);
  expect(() => fromRecords([], { label: 'price' })).toThrow('records: no rows');
  expect(fromRecords(rows, { label: 'price', name: 'houses' }).where(2)).toBe('houses record 2');
});
