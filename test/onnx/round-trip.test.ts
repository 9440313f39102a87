// nnkit → ONNX → nnkit: a model exported with its standardization imports back with the same layers (a fused
// BatchNorm+ReLU as BatchNorm then ReLU), the same preprocessing and the same predictions; what import does not
// Maxout, PCA (whitened or not, after a standardization) and CNNs come back too.
import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { center, PCA, Pipeline, standardize, type PreprocessorJSON } from '../../src/data/preprocess';
import { Model } from '../../src/model';
import { ELU } from '../../src/nn/activations/elu';
import { Identity } from '../../src/nn/activations/identity';
import { LeakyReLU } from '../../src/nn/activations/leaky-relu';
import { PReLU } from '../../src/nn/activations/prelu';
import { Sigmoid } from '../../src/nn/activations/sigmoid';
import { Softmax } from '../../src/nn/activations/softmax';
import { Tanh } from '../../src/nn/activations/tanh';
import { AvgPool2d } from '../../src/nn/avg-pool2d';
import { BatchNorm } from '../../src/nn/batch-norm';
import { Conv2d } from '../../src/nn/conv2d';
import { GlobalAvgPool2d } from '../../src/nn/global-avg-pool2d';
import { MaxPool2d } from '../../src/nn/max-pool2d';
import { Dense } from '../../src/nn/dense';
import { Dropout } from '../../src/nn/dropout';
import { Maxout } from '../../src/nn/maxout';
import { importONNX } from '../../src/onnx/import';
import { Tensor } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import { rng, uniform, worstRatio } from '../helpers/random';

function model(): Model {
  const m = new Model([
    new Dense(5, 8),
    new BatchNorm(8, { relu: true }),
    new Dense(8, 8),
    new LeakyReLU({ slope: 0.2 }),
    new PReLU({ channels: 8 }),
    new ELU({ alpha: 0.5 }),
    new Dropout(0.25),
    new Dense(8, 6),
    new Sigmoid(),
    new Dense(6, 6),
    new Tanh(),
    new Identity(),
    new Dense(6, 3),
    new Softmax(),
  ]);
  return randomize(m, 5);
}

/** Weights in [−1, 1), running variances in [0.5, 1.5). */
function randomize(m: Model, seed: number): Model {
  const r = rng(seed);
  for (const p of [...m.parameters(), ...m.buffers()])
    for (let i = 0; i < p.value.length; i++) p.value[i] = p.name.endsWith('runningVar') ? 0.5 + r() : 2 * r() - 1;
  return m;
}

describeEachBackend('export → import round trip', (b) => {
  it('same layers, preprocessing and predictions (standardize and center)', async () => {
    setBackend(b.name);
    const fitX = new Tensor(uniform(30 * 5, 1, -4, 9), [30, 5]);
    for (const pre of [standardize(), center(), standardize('global')]) {
      const original = model();
      original.preprocessing = pre.fit(fitX);
      const back = await importONNX(await original.exportONNX());
      expect(back.layers.map((l) => l.describe())).toEqual([
        'Dense(5→8)',
        'BatchNorm(8)',
        'ReLU',
        'Dense(8→8)',
        'LeakyReLU(0.2)',
        'PReLU(8)',
        'ELU(0.5)',
        'Dense(8→6)',
        'Sigmoid',
        'Dense(6→6)',
        'Tanh',
        'Identity',
        'Dense(6→3)',
        'Softmax',
      ]);
      expect(back.preprocessing?.toJSON()).toMatchObject({ kind: 'standardize', scale: pre.scale, dims: 5 });
      const x = new Tensor(uniform(37 * 5, 2, -4, 9), [37, 5]);
      const want = (await original.predict(x)).data;
      expect(worstRatio((await back.predict(x)).data, want, 1e-7, 1e-6)).toBeLessThanOrEqual(1);
    }
  });
});

describeEachBackend('export → import round trip of Maxout, PCA and image models', (b) => {
  const expectSame = async (original: Model, back: Model, x: Tensor, what: string) => {
    const want = (await original.predict(x)).data;
    expect(worstRatio((await back.predict(x)).data, want, 1e-6, 1e-5), what).toBeLessThanOrEqual(1);
  };

  it('Maxout (Gemm + Reshape [N, O, K] + ReduceMax; its axes an attribute to opset 17, an input from 18)', async () => {
    setBackend(b.name);
    for (const opset of [13, 18]) {
      const original = randomize(new Model([new Maxout(4, 3, 2), new Dense(3, 5), new Maxout(5, 2, 3)]), opset);
      const back = await importONNX(await original.exportONNX({ opset }));
      expect(back.layers.map((l) => l.describe())).toEqual(original.layers.map((l) => l.describe()));
      await expectSame(original, back, new Tensor(uniform(37 * 4, opset, -2, 2), [37, 4]), `opset ${opset}`);
    }
  });

  it('PCA, whitened PCA, standardize then PCA: the preprocessing comes back as it was', async () => {
    setBackend(b.name);
    const fitX = new Tensor(uniform(40 * 6, 3, -3, 5), [40, 6]);
    for (const pre of [new PCA(4), new PCA(3, true), new Pipeline([standardize(), new PCA(5, true)])]) {
      const original = randomize(new Model([new Dense(pre.toJSON().kind === 'pipeline' ? 5 : pre.k, 3)]), 7);
      original.preprocessing = pre.fit(fitX);
      const back = await importONNX(await original.exportONNX());
      const kinds = (j: PreprocessorJSON): string[] => (j.kind === 'pipeline' ? j.steps.flatMap(kinds) : [j.kind]);
      expect(kinds(back.preprocessing?.toJSON() as PreprocessorJSON)).toEqual(kinds(pre.toJSON()));
      expect(back.layers.map((l) => l.describe())).toEqual(original.layers.map((l) => l.describe()));
      await expectSame(original, back, new Tensor(uniform(37 * 6, 4, -3, 5), [37, 6]), kinds(pre.toJSON()).join());
    }
  });

  it('a CNN with per-channel standardization: Conv2d, BatchNorm, pools (one padded), GlobalAvgPool2d', async () => {
    setBackend(b.name);
    const original = randomize(
      new Model([
        new Conv2d(2, 3, 3, { padding: 1 }),
        new BatchNorm(3, { relu: true }),
        new MaxPool2d(2),
        new Conv2d(3, 4, [3, 2], { stride: [1, 2], bias: false }),
        new AvgPool2d(3, { stride: 1, padding: 1 }),
        new GlobalAvgPool2d(),
        new Dense(4, 3),
      ]),
      9,
    );
    const x = new Tensor(uniform(37 * 2 * 8 * 10, 5, 0, 4), [37, 2, 8, 10]);
    original.preprocessing = standardize('channel').fit(x.reshape([37, 160]), [2, 8, 10]);
    original.datasetInfo = { sampleShape: [2, 8, 10] };
    const back = await importONNX(await original.exportONNX());
    expect(back.layers.map((l) => l.describe())).toEqual([
      'Conv2d(2→3, 3×3)',
      'BatchNorm(3)',
      'ReLU',
      'MaxPool2d(2×2)',
      'Conv2d(3→4, 3×2)',
      'AvgPool2d(3×3)',
      'GlobalAvgPool2d',
      'Dense(4→3)',
    ]);
    expect(back.preprocessing?.kind).toBe('standardize');
    await expectSame(original, back, x, 'images');
  });
});
