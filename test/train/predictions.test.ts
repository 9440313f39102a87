// predictProba / predictClasses / predictLabels / predictRaw against probabilities and classes computed here from
// the raw outputs (float64 softmax and sigmoid), and the training info fit records (loss, the optimizer's initial
// settings) that save and load keep. predict's input checks are tested with src/infer (test/infer).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { PCA, standardize } from '../../src/data';
import { Tensor } from '../../src/tensor';
import { loadModel } from '../../src/io/load';
import { Model } from '../../src/model';
import { Dense } from '../../src/nn';
import { SGD } from '../../src/optim';
import { describeEachBackend } from '../helpers/backends';
import { blobs, mlp } from './fixtures';

async function trained(): Promise<Model> {
  const m = mlp();
  await m.fit(blobs(90, 1), {
    epochs: 2,
    batchSize: 30,
    optimizer: new SGD({ lr: 0.1, momentum: 0.9 }),
    schedule: 'cosine',
  });
  return m;
}

describeEachBackend('predictions', (b) => {
  it('predictProba is the softmax of the raw outputs; predictClasses their argmax', async () => {
    setBackend(b.name);
    const m = await trained();
    const x = blobs(30, 2).x;
    const raw = await m.predictRaw(x);
    const proba = await m.predictProba(x);
    const cls = await m.predictClasses(x);
    expect(proba.shape).toEqual([30, 3]);
    for (let i = 0; i < 30; i++) {
      const z = Array.from(raw.data.subarray(i * 3, i * 3 + 3));
      const e = z.map((v) => Math.exp(v - Math.max(...z)));
      const sum = e.reduce((a, v) => a + v, 0);
      for (let c = 0; c < 3; c++) expect(proba.data[i * 3 + c]).toBeCloseTo(e[c] / sum, 6);
      expect(cls[i]).toBe(z.indexOf(Math.max(...z)));
    }
    expect(Array.from((await m.predict(x)).data)).toEqual(Array.from(raw.data)); // predict = raw outputs
  });

  it('a binary model (one logit): sigmoid probabilities, class 1 above 0.5; regression refuses probabilities', async () => {
    setBackend(b.name);
    const data = blobs(60, 3);
    const y = Float32Array.from(data.y, (c) => (c === 0 ? 1 : 0));
    const m = new Model([new Dense(4, 1, { seed: 2 })]);
    await m.fit(
      { x: data.x, y },
      { epochs: 2, batchSize: 20, loss: 'binary-cross-entropy', preprocess: standardize() },
    );
    const raw = await m.predictRaw(data.x);
    const proba = await m.predictProba(data.x);
    const cls = await m.predictClasses(data.x);
    for (let i = 0; i < 60; i++) {
      expect(proba.data[i]).toBeCloseTo(1 / (1 + Math.exp(-raw.data[i])), 6);
      expect(cls[i]).toBe(raw.data[i] > 0 ? 1 : 0);
    }
    const reg = new Model([new Dense(4, 1, { seed: 2 })]);
    await reg.fit({ x: data.x, y }, { epochs: 1, batchSize: 20 });
    await expect(reg.predictProba(data.x)).rejects.toThrow(/trained for regression .*use predictRaw/);
    await expect(new Model([new Dense(4, 1)]).predictClasses(data.x)).rejects.toThrow(
      /one output and no recorded loss/,
    );
  });

  it('fit records the loss and the initial optimizer settings; save and load keep them; labels by class name', async () => {
    setBackend(b.name);
    const m = await trained();
    expect(m.trainingInfo).toMatchObject({
      epochs: 2,
      batchSize: 30,
      schedule: 'cosine',
      loss: 'softmax-cross-entropy',
      optimizer: { type: 'SGD', lr: 0.1, momentum: 0.9 },
    });
    expect(m.datasetInfo).toMatchObject({ numClasses: 3, sampleShape: [4] });
    m.datasetInfo = { ...m.datasetInfo, classNames: ['a', 'b', 'c'] };
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'nnkit-pred-')), 'm.nnkit');
    await m.save(file);
    const again = await loadModel(file);
    expect(again.trainingInfo).toEqual(m.trainingInfo);
    const x = blobs(12, 6).x;
    expect(Array.from((await again.predictProba(x)).data)).toEqual(Array.from((await m.predictProba(x)).data));
    const names = await again.predictLabels(x);
    expect(names).toEqual(Array.from(await m.predictClasses(x), (c) => ['a', 'b', 'c'][c]));
    await expect(mlp().predictLabels(x)).rejects.toThrow('no class names');
  });

  it('float labels with a classification loss get a hint to pass class indices', async () => {
    setBackend(b.name);
    const data = blobs(30, 1);
    await expect(
      mlp().fit({ x: data.x, y: Float32Array.from(data.y) }, { loss: 'softmax-cross-entropy' }),
    ).rejects.toThrow(/needs class indices: pass y as an Int32Array/);
    // a label the 3 outputs cannot hold, deep in the data: named by its dataset row, whatever the batch order
    const y = Int32Array.from(data.y);
    y[17] = 5;
    await expect(mlp().fit({ x: data.x, y }, { batchSize: 8, seed: 3 })).rejects.toThrow(
      'fit: training data: label 5 at row 17 is outside 0..2: the model has 3 outputs',
    );
  });

  it('a wrong number of features names the model’s input width and layer, in predict, fit and evaluate', async () => {
    setBackend(b.name);
    const wide = { x: new Tensor(new Float32Array(30 * 6), [30, 6]), y: new Int32Array(30), numClasses: 3 };
    const expects = 'the model expects 4 features per row (Dense(4→16))';
    await expect(mlp().fit(wide, { epochs: 1 })).rejects.toThrow(`fit: training data: ${expects}, got 6`);
    await expect(mlp().fit(blobs(30, 1), { epochs: 1, validation: wide })).rejects.toThrow(
      `fit: validation data: ${expects}, got 6`,
    );
    const m = await trained();
    await expect(m.evaluate(wide)).rejects.toThrow(`evaluate: data: ${expects}, got 6`);
    await expect(m.predict(wide.x)).rejects.toThrow(`predict: ${expects}, got a Tensor [30, 6]`);
    await expect(
      m.predictProba([
        [1, 2, 3, 4],
        [1, 2],
      ]),
    ).rejects.toThrow(`predict: ${expects}, got 2 in row 1`);
    expect(() => m.freeze().predictSync([1, 2, 3])).toThrow(`predictSync: ${expects}, got 3 in row 0`);
    // preprocessing that changes the width is named before the layer
    const pca = new Model([new Dense(2, 3, { seed: 1 })]);
    await pca.fit(blobs(30, 1), { epochs: 1, preprocess: new PCA(2) });
    await expect(pca.predict([[1, 2]])).rejects.toThrow(
      'predict: the model expects 4 features per row (pca 4→2, then Dense(2→3)), got 2 in row 0',
    );
  });
});
