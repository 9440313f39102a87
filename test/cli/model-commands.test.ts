// nnkit info / predict / evaluate on a saved model trained from code (no table preprocessing): layer list and
// parameter counts counted here by hand, predictions equal to the API's, metrics equal to Model.evaluate, errors
// naming file, line and column.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { Model } from '../../src/model';
import { SGD } from '../../src/optim';
import { describeEachBackend } from '../helpers/backends';
import { blobs, mlp } from '../train/fixtures';
import { runCli } from '../helpers/run-cli';

const run = runCli;

describeEachBackend('nnkit info, predict, evaluate', (b) => {
  let dir: string, file: string, model: Model;
  const test = blobs(12, 9);
  beforeAll(async () => {
    setBackend(b.name);
    dir = mkdtempSync(path.join(tmpdir(), 'nnkit-model-cli-'));
    file = path.join(dir, 'm.nnkit');
    model = mlp();
    await model.fit(blobs(90, 1), { epochs: 2, batchSize: 30, optimizer: new SGD({ lr: 0.1, momentum: 0.9 }) });
    model.datasetInfo = { ...model.datasetInfo, classNames: ['red', 'green', 'blue'] };
    await model.save(file);
  });

  it('info: layers with parameter counts, the total, training settings', async () => {
    const r = await run(['info', file, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    // Dense(4→16): 4·16 + 16; BatchNorm(16): γ, β; ReLU: none; Dense(16→3): 16·3 + 3
    expect(j.layers).toEqual([
      { layer: 'Dense(4→16)', parameters: 80 },
      { layer: 'BatchNorm(16)', parameters: 32 },
      { layer: 'ReLU', parameters: 0 },
      { layer: 'Dense(16→3)', parameters: 51 },
    ]);
    expect(j.parameters).toBe(163);
    expect(j.training).toMatchObject({ epochs: 2, loss: 'softmax-cross-entropy', optimizer: { lr: 0.1 } });
    const text = (await run(['info', file])).out;
    expect(text).toMatch(/4 layers, 163 parameters/);
    expect(text).toMatch(/Dense\(16→3\)\s+51/);
  });

  it('predict: rows of numbers from a CSV, the same classes and probabilities as the API', async () => {
    setBackend(b.name);
    const rows = Array.from({ length: test.x.rows }, (_, i) => Array.from(test.x.data.subarray(i * 4, i * 4 + 4)));
    const csv = path.join(dir, 'rows.csv');
    writeFileSync(csv, ['a,b,c,d', ...rows.map((r) => r.join(','))].join('\n'));
    const r = await run(['predict', '--model', file, '--data', csv, '--json', '--proba']);
    expect(r.err).toBe('');
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const classes = await model.predictClasses(rows);
    const proba = await model.predictProba(rows);
    expect(lines.map((l) => l.label)).toEqual(Array.from(classes, (c) => ['red', 'green', 'blue'][c]));
    for (let i = 0; i < rows.length; i++) expect(lines[i].probabilities.green).toBeCloseTo(proba.data[i * 3 + 1], 6);
    // CSV: the label only by default; --proba adds one p(<class>) column per class name
    const plain = await run(['predict', file, '--data', csv]);
    expect(plain.out.trim().split('\n')).toEqual(['label', ...lines.map((l) => l.label)]);
    const csvProba = (await run(['predict', file, '--data', csv, '--proba'])).out.trim().split('\n');
    expect(csvProba[0]).toBe('label,p(red),p(green),p(blue)');
    expect(Number(csvProba[1].split(',')[3])).toBeCloseTo(proba.data[2], 5);
    writeFileSync(csv, 'a,b,c,d\n1,2,3,4\n1,2,x,4\n');
    const bad = await run(['predict', file, '--data', csv]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/rows\.csv:3: column c is "x", not a number/);
  });

  it('evaluate: a labelled CSV gives Model.evaluate’s loss and accuracy', async () => {
    setBackend(b.name);
    const csv = path.join(dir, 'labelled.csv');
    const lines = Array.from({ length: test.x.rows }, (_, i) => [...test.x.data.subarray(i * 4, i * 4 + 4), test.y[i]]);
    writeFileSync(csv, ['a,b,c,d,label', ...lines.map((r) => r.join(','))].join('\n'));
    const r = await run(['evaluate', '--model', file, '--data', csv, '--label', 'label', '--json']);
    expect(r.err).toBe('');
    const j = JSON.parse(r.out);
    const ev = await model.evaluate(test);
    expect(j.rows).toBe(12);
    expect(j.loss).toBeCloseTo(ev.loss, 5);
    expect(j.accuracy).toBeCloseTo(ev.accuracy!, 9);
    expect((await run(['evaluate', '--model', file])).code).toBe(2);
  });

  it('nnkit train records the learning rate it started from (not the schedule’s last, ~0) and the momentum', async () => {
    setBackend(b.name);
    const saved = path.join(dir, 'cli.nnkit');
    const t = await run(['train', '--epochs', '1', '--layers', '8', '--schedule', 'cosine', '--save', saved]);
    expect(t.code).toBe(0);
    const j = JSON.parse((await run(['info', saved, '--json'])).out);
    expect(j.training).toMatchObject({ lr: 0.1, momentum: 0.9, schedule: 'cosine', optimizer: 'sgd' });
  });
});
