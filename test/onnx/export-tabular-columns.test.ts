// A table model with every column kind exported whole: numeric columns in "input", categorical (one-hot and
// embedding) and boolean columns as string inputs, a date column as milliseconds since 1970. onnxruntime, given the
// raw cells as a caller outside nnkit would pass them (text, Date.parse, NaN), returns what predictRows gives:
// the class probabilities (softmax of its logits, written out here) or the value in the label's units.
import * as ort from 'onnxruntime-node';
import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import type { Model } from '../../src/model';
import { decodeModel } from '../../src/onnx/schema';
import { trainTable } from '../../src/tabular/train-table';
import { tableFromRecords } from '../../src/tabular/table';
import { describeEachBackend } from '../helpers/backends';
import { rng, worstRatio } from '../helpers/random';

const STREETS = ['elm', 'oak', 'pine', 'ash', 'birch', 'cedar', 'maple', 'fir'];

/** Rows with missing cells in every feature column (spelled as nnkit's missing tokens in several cases). */
function records(n: number, seed: number): Record<string, unknown>[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const day = Date.UTC(1990 + Math.floor(34 * r()), Math.floor(12 * r()), 1 + Math.floor(28 * r()));
    const time = i % 5 === 0 ? Math.floor(86_400 * r()) * 1000 : 0;
    return {
      area: i % 9 === 4 ? null : Math.round(40 + 120 * r()),
      rooms: 1 + Math.floor(5 * r()),
      city: i % 13 === 6 ? ['NA', 'n/a', 'None'][i % 3] : ['north', 'south', 'east', 'west'][Math.floor(4 * r())],
      street: STREETS[Math.floor(8 * r())],
      garden: i % 11 === 2 ? '' : ['yes', 'No', 'TRUE', 'f', '1', 'N'][Math.floor(6 * r())],
      built: i % 7 === 3 ? 'NaN' : new Date(day + time).toISOString().slice(0, time ? 19 : 10) + (time ? 'Z' : ''),
      kind: ['flat', 'house', 'villa'][Math.floor(3 * r())],
      price: Math.round(1000 + 500 * r()),
    };
  });
}

/** The ONNX feeds for raw rows, made without nnkit: numbers (NaN when absent), cell text, Date.parse. */
function feeds(bytes: Uint8Array, rows: Record<string, unknown>[]): Record<string, ort.Tensor> {
  const meta = decodeModel(bytes, 'model').metadata;
  const numeric: string[] = JSON.parse(meta.input_columns);
  const others: { name: string; type: string }[] = JSON.parse(meta.column_inputs);
  const n = rows.length;
  const out: Record<string, ort.Tensor> = {
    input: new ort.Tensor(
      'float32',
      Float32Array.from(rows.flatMap((row) => numeric.map((c) => (typeof row[c] === 'number' ? row[c] : NaN)))),
      [n, numeric.length],
    ),
  };
  for (const { name, type } of others) {
    const cells = rows.map((row) => (row[name] === null || row[name] === undefined ? '' : String(row[name]).trim()));
    out[name] =
      type === 'date-ms'
        ? new ort.Tensor(
            'float64',
            Float64Array.from(cells, (c) => Date.parse(c)),
            [n, 1],
          )
        : new ort.Tensor('string', cells, [n, 1]);
  }
  return out;
}

async function trained(label: 'kind' | 'price'): Promise<Model> {
  const table = tableFromRecords(records(120, 1));
  const ignore = label === 'kind' ? { price: 'ignore' as const } : { kind: 'ignore' as const };
  const run = await trainTable(table, { label, columns: ignore, maxOneHot: 4, epochs: 3, seed: 2, testSplit: 0 });
  return run.model;
}

// unseen categories and spellings, missing cells: the rows a service sends
const newRows = () => [
  ...records(40, 9),
  { area: 75, rooms: 2, city: 'NORTH', street: 'spruce', garden: 'Y', built: '2001-02-03T04:05:06Z' },
  { area: null, rooms: 9, city: null, street: 'NULL', garden: 'nAn', built: '' },
  ...['Yes', 'no', 'True', 'F', '1', '0', 'n', 't'].map((garden, i) => ({
    area: 50 + i,
    rooms: 3,
    city: 'south',
    street: 'oak',
    garden,
    built: `201${i}-12-31`,
  })),
];

describeEachBackend('exportONNX of table models with text and date columns', (b) => {
  it('classification: onnxruntime’s softmax of the logits is predictRows’s probabilities', async () => {
    setBackend(b.name);
    const model = await trained('kind');
    const kinds = model
      .tabular!.toJSON()
      .encoders.map((e) => (e.type === 'numeric' ? e.kind : e.type + (e.encoding ?? '')));
    expect(kinds).toEqual(['numeric', 'numeric', 'categoricalone-hot', 'boolean', 'date', 'categoricalembedding']);
    const bytes = await model.exportONNX();
    const rows = newRows();
    const session = await ort.InferenceSession.create(bytes);
    const logits = (await session.run(feeds(bytes, rows))).output.data as Float32Array;
    const got = Array.from(logits, (_, i) => {
      const row = Array.from(logits.subarray(i - (i % 3), i - (i % 3) + 3));
      const max = Math.max(...row);
      return Math.exp(logits[i] - max) / row.reduce((s, v) => s + Math.exp(v - max), 0);
    });
    const want = (await model.predictRows(rows)).flatMap((p) =>
      'probabilities' in p ? ['flat', 'house', 'villa'].map((c) => p.probabilities[c]) : [],
    );
    expect(want.length).toBe(3 * rows.length);
    expect(worstRatio(got, want, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
  });

  it('regression: onnxruntime’s output is predictRows’s value', async () => {
    setBackend(b.name);
    const model = await trained('price');
    const bytes = await model.exportONNX({ opset: 17 });
    const rows = newRows();
    const session = await ort.InferenceSession.create(bytes);
    const got = (await session.run(feeds(bytes, rows))).output.data as Float32Array;
    const want = (await model.predictRows(rows)).map((p) => ('value' in p ? p.value : NaN));
    expect(worstRatio(got, want, 1e-3, 1e-5)).toBeLessThanOrEqual(1);
  });
});

it('a boolean cell nnkit would refuse makes the ONNX outputs non-finite, not a guess', async () => {
  const model = await trained('price');
  const bytes = await model.exportONNX();
  const rows = [{ area: 75, rooms: 2, city: 'north', street: 'oak', garden: 'maybe', built: '2001-02-03' }];
  await expect(model.predictRows(rows)).rejects.toThrow(/garden/);
  const session = await ort.InferenceSession.create(bytes);
  const got = (await session.run(feeds(bytes, rows))).output.data as Float32Array;
  expect(Number.isFinite(got[0])).toBe(false);
});
