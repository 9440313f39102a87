// A user's table end to end with the defaults: regression with targets in the hundreds (the public diabetes table,
// as messy as bench/tabular/make-tables.py writes it), string class labels, the fitted preprocessing saved with the
// model and a loaded model predicting the same from raw rows, unseen categories at predict time.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { loadModel } from '../../src/io/load';
import { readTable, tableFromRecords, type Table } from '../../src/tabular/table';
import { trainTable } from '../../src/tabular/train-table';
import { describeEachBackend } from '../helpers/backends';

const DIABETES = path.join(__dirname, '..', '..', 'bench', 'tabular', 'data', 'diabetes.csv');

/** A seeded table: two numeric columns, a categorical one, a yes/no one, 5 % blanks, label by a rule on them. */
function fruitRows(n: number): Record<string, unknown>[] {
  let s = 12345;
  const r = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: n }, () => {
    const weight = 100 + 200 * r();
    const color = ['red', 'green', 'yellow'][Math.floor(3 * r())];
    const ripe = r() < 0.5;
    const label = color === 'yellow' ? 'banana' : weight > 200 ? 'apple' : 'plum';
    return {
      weight: r() < 0.05 ? '' : weight.toFixed(1),
      color: r() < 0.05 ? null : color,
      ripe: ripe ? 'yes' : 'no',
      fruit: label,
    };
  });
}

describeEachBackend('trainTable', (b) => {
  it('regression with targets 25–346 trains with the defaults: no error finding, R² and MAE in the label units', async () => {
    setBackend(b.name);
    const table = await readTable(DIABETES);
    const r = await trainTable(table, { label: 'progression', seed: 0 });
    expect(r.schema.task).toBe('regression');
    expect((r.history.findings ?? []).filter((f) => f.severity === 'error')).toEqual([]);
    expect(r.history.stopReason ?? '').not.toMatch(/loss became|explod/);
    const t = r.test!;
    if (t.task !== 'regression') throw new Error('expected regression metrics');
    expect(t.r2).toBeGreaterThan(0.3); // scikit-learn's default MLP: 0.43 on average over bench/tabular.js's seeds
    expect(t.mae).toBeGreaterThan(20); // in the label's units (std 77), not standardized ones
    expect(t.mae).toBeLessThan(60);
    expect(r.history.epochs[0].valR2).toBeTypeOf('number');
    expect(r.warnings).toContain('column "column 1" dropped: ID-like: a distinct integer per row');
  });

  it('two classes: one sigmoid output trained with binary cross-entropy; accuracy counts logit > 0 as class 1', async () => {
    setBackend(b.name);
    const rows = fruitRows(300).map((r) => ({ ...r, fruit: r.fruit === 'banana' ? 'yes' : 'no' }));
    const r = await trainTable(tableFromRecords(rows), { label: 'fruit', seed: 2 });
    expect(r.model.layers[r.model.layers.length - 1].config()).toMatchObject({ outFeatures: 1 });
    const last = r.history.epochs[r.history.epochs.length - 1];
    expect(last.trainAccuracy).toBeGreaterThan(0.9); // a 1-column argmax would say "class 0" for every row: ~0.67
    const t = r.test!;
    if (t.task !== 'classification') throw new Error('expected classification metrics');
    expect(t.accuracy).toBeGreaterThan(0.9);
    expect(t.rocAuc).toBeGreaterThan(0.9);
    const [p] = await r.model.predictRows([{ weight: 150, color: 'yellow', ripe: 'no' }]);
    if (!('label' in p)) throw new Error('expected a class prediction');
    expect(p.label).toBe('yes');
    expect(p.probabilities.no + p.probabilities.yes).toBeCloseTo(1, 12);
  });

  it('imbalanced classes: a warning under 5 %, and classWeight balanced raises the rare class recall', async () => {
    setBackend(b.name);
    let s = 7;
    const r = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    // the rare class sits where x > 0.9, with noise: unweighted, most of it is lost to the common class
    const rows = Array.from({ length: 1000 }, () => {
      const x = r();
      return { x: x + 0.15 * (r() - 0.5), z: r(), y: x > 0.96 ? 'rare' : 'common' };
    });
    const table = tableFromRecords(rows);
    const plain = await trainTable(table, { label: 'y', seed: 0, testSplit: 0.4 });
    const weighted = await trainTable(table, { label: 'y', seed: 0, testSplit: 0.4, classWeight: 'balanced' });
    expect(plain.warnings.join('\n')).toMatch(/class "rare" is rare: \d+ of \d+ training rows \(\d\.\d %\)/);
    const recall = (t: typeof plain.test) => (t?.task === 'classification' ? t.perClass[1].recall : NaN);
    expect(recall(weighted.test)).toBeGreaterThan(recall(plain.test));
    await expect(trainTable(table, { label: 'y', classWeight: { maybe: 2 } })).rejects.toThrow(
      /classWeight: "maybe" is not a class \(common, rare\)/,
    );
  });

  it('a categorical column with many values is embedded (CategoryEmbedding first), saved and loaded', async () => {
    setBackend(b.name);
    const cities = Array.from({ length: 70 }, (_, k) => `city ${k}`); // above the 64 of maxOneHot
    let s = 3;
    const r = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const rows = Array.from({ length: 1200 }, () => {
      const k = Math.floor(70 * r());
      const size = r();
      return { city: cities[k], size, busy: (k % 3 === 0) !== size > 0.8 ? 'yes' : 'no' };
    });
    const t = await trainTable(tableFromRecords(rows), { label: 'busy', seed: 0 });
    expect(t.schema.columns.find((c) => c.name === 'city')).toMatchObject({
      kind: 'categorical',
      encoding: 'embedding',
    });
    expect(t.model.layers[0].config()).toMatchObject({
      type: 'CategoryEmbedding',
      denseFeatures: 1,
      cardinalities: [71],
    });
    expect(t.pipeline.inputNames()).toEqual(['size', 'city (embedding index)']);
    const m = t.test!;
    if (m.task !== 'classification') throw new Error('expected classification metrics');
    expect(m.accuracy).toBeGreaterThan(0.85);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'nnkit-tab-')), 'city.nnkit');
    await t.model.save(file);
    const ask = [
      { city: 'city 3', size: 0.2 },
      { city: 'atlantis', size: 0.9 },
      { city: null, size: 0.5 },
    ];
    const p = await t.model.predictRows(ask);
    expect(await (await loadModel(file)).predictRows(ask)).toEqual(p);
    expect(p[0]).toMatchObject({ label: 'yes' });
  });

  it('a streamed .csv.gz trains the same model as the same text cells given as records', async () => {
    setBackend(b.name);
    const rows = fruitRows(200);
    const text = (v: unknown) => (v === null ? '' : String(v));
    const csv = ['weight,color,ripe,fruit', ...rows.map((r) => Object.values(r).map(text).join(','))].join('\n');
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'nnkit-tab-')), 'fruit.csv.gz');
    writeFileSync(file, gzipSync(csv));
    const asText = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, text(v)])));
    const opts = { label: 'fruit', seed: 2, epochs: 3 };
    const [streamed, direct] = [
      await trainTable(await readTable(file), opts),
      await trainTable(tableFromRecords(asText), opts),
    ];
    expect(streamed.schema.columns.map((c) => [c.kind, c.missing, c.distinct])).toEqual(
      direct.schema.columns.map((c) => [c.kind, c.missing, c.distinct]),
    );
    expect(streamed.pipeline.toJSON()).toEqual(direct.pipeline.toJSON());
    expect(streamed.history.epochs.at(-1)?.trainLoss).toBe(direct.history.epochs.at(-1)?.trainLoss);
  });

  it('string labels: predictRows names classes; a saved and loaded model predicts the same from raw rows', async () => {
    setBackend(b.name);
    const rows = fruitRows(400);
    const r = await trainTable(tableFromRecords(rows), { label: 'fruit', seed: 1 });
    const t = r.test!;
    if (t.task !== 'classification') throw new Error('expected classification metrics');
    expect(t.accuracy).toBeGreaterThan(0.85);
    const ask = [
      { weight: 250, color: 'red', ripe: 'no' },
      { weight: '130', color: 'green', ripe: 'YES' },
      { weight: null, color: 'purple', ripe: 'no' }, // missing number, unseen category: a prediction, not an error
    ];
    const p = await r.model.predictRows(ask);
    expect(p.length).toBe(3);
    for (const q of p) {
      if (!('label' in q)) throw new Error('expected class predictions');
      expect(Object.keys(q.probabilities)).toEqual(['apple', 'banana', 'plum']);
      expect(Object.values(q.probabilities).reduce((a, v) => a + v, 0)).toBeCloseTo(1, 6);
      expect(Number.isFinite(q.probabilities.apple)).toBe(true);
    }
    expect(p.slice(0, 2).map((q) => 'label' in q && q.label)).toEqual(['apple', 'plum']);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'nnkit-tab-')), 'fruit.nnkit');
    await r.model.save(file);
    const again = await loadModel(file);
    expect(await again.predictRows(ask)).toEqual(p);
  });
});

it('reads JSON Lines and a JSON array the same as the records', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nnkit-tab-'));
  const rows = fruitRows(5);
  writeFileSync(path.join(dir, 'a.jsonl'), rows.map((x) => JSON.stringify(x)).join('\n') + '\n');
  writeFileSync(path.join(dir, 'a.json'), JSON.stringify(rows));
  const a = await readTable(path.join(dir, 'a.jsonl'));
  const j = await readTable(path.join(dir, 'a.json'));
  const direct = tableFromRecords(rows);
  const cells = (t: Table) => Array.from({ length: t.length }, (_, i) => t.columns.map((_, j) => t.cell(i, j)));
  expect(cells(a)).toEqual(cells(direct));
  expect(j.columns).toEqual(direct.columns);
  writeFileSync(path.join(dir, 'b.jsonl'), '{"a":1}\n{oops}\n');
  await expect(readTable(path.join(dir, 'b.jsonl'))).rejects.toThrow(/b.jsonl:2: not a JSON object/);
});
