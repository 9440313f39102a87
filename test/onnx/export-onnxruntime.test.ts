// model.exportONNX through the real runtime: onnxruntime-node runs the exported file and its outputs must equal
// nnkit's predict (1e-5 relative) for every layer type, seeded random stacks of them, the saved preprocessing,
// batch sizes 1 and 37 on one session (the batch dimension is dynamic), opsets 13 to 21 (ReduceMax changed at 18);
// image models (Conv2d, pooling) against the eval-mode forward, with a fixed or a free height and width.
import * as ort from 'onnxruntime-node';
import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { center, PCA, Pipeline, standardize, type Preprocessor } from '../../src/data/preprocess';
import { Model } from '../../src/model';
import { ELU } from '../../src/nn/activations/elu';
import { Identity } from '../../src/nn/activations/identity';
import { LeakyReLU } from '../../src/nn/activations/leaky-relu';
import { PReLU } from '../../src/nn/activations/prelu';
import { ReLU } from '../../src/nn/activations/relu';
import { Sigmoid } from '../../src/nn/activations/sigmoid';
import { Softmax } from '../../src/nn/activations/softmax';
import { Tanh } from '../../src/nn/activations/tanh';
import { BatchNorm } from '../../src/nn/batch-norm';
import { CategoryEmbedding } from '../../src/nn/category-embedding';
import { Dense } from '../../src/nn/dense';
import { Dropout } from '../../src/nn/dropout';
import type { Layer } from '../../src/nn/layer';
import { AvgPool2d } from '../../src/nn/avg-pool2d';
import { Conv2d } from '../../src/nn/conv2d';
import { Flatten } from '../../src/nn/flatten';
import { GlobalAvgPool2d } from '../../src/nn/global-avg-pool2d';
import { MaxPool2d } from '../../src/nn/max-pool2d';
import { Maxout } from '../../src/nn/maxout';
import { Chain } from '../../src/nn/chain';
import { decodeModel } from '../../src/onnx/schema';
import { Tensor } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import { rng, uniform, worstRatio } from '../helpers/random';

/** Gives every parameter and buffer seeded non-default values (BatchNorm variances positive). */
function randomize(model: Layer, seed: number): void {
  const r = rng(seed);
  for (const p of [...model.parameters(), ...model.buffers()]) {
    const positive = p.name.endsWith('runningVar');
    for (let i = 0; i < p.value.length; i++) p.value[i] = positive ? 0.2 + 2 * r() : 2 * r() - 1;
  }
}

/** Runs the exported model in onnxruntime on x [N, D] and returns its output. */
async function runInOrt(bytes: Uint8Array, x: Float32Array, n: number): Promise<ort.Tensor> {
  const session = await ort.InferenceSession.create(bytes);
  const result = await session.run({ input: new ort.Tensor('float32', x, [n, x.length / n]) });
  return result.output;
}

async function expectSameOutputs(model: Model, width: number, what: string, opset = 13, seed = 1): Promise<void> {
  model.eval();
  const bytes = await model.exportONNX({ opset });
  const session = await ort.InferenceSession.create(bytes);
  for (const n of [1, 37]) {
    const x = uniform(n * width, seed + n, -2, 2);
    const want = (await model.predict(new Tensor(x, [n, width]))).data;
    const got = (await session.run({ input: new ort.Tensor('float32', x, [n, width]) })).output;
    expect(got.dims[0], `${what} batch ${n}`).toBe(n);
    expect(got.data.length, `${what} batch ${n}`).toBe(want.length);
    const scale = Math.max(1, ...Array.from(want, Math.abs));
    expect(worstRatio(got.data as Float32Array, want, 1e-6 * scale, 1e-5), `${what} batch ${n}`).toBeLessThanOrEqual(1);
  }
}

/** The same for models predict does not take (image models, no weights): eval-mode forward on [n, ...sample]. */
async function expectSameAsForward(
  model: Model,
  sample: number[],
  what: string,
  opts: { imageShape?: number[] } = {},
): Promise<void> {
  model.eval();
  const session = await ort.InferenceSession.create(await model.exportONNX(opts));
  const size = sample.reduce((a, c) => a * c, 1);
  for (const n of [1, 37]) {
    const x = uniform(n * size, n, -2, 2);
    const want = model.forward(new Tensor(x, [n, ...sample]), { training: false }).data;
    const got = (await session.run({ input: new ort.Tensor('float32', x, [n, ...sample]) })).output;
    const scale = Math.max(1, ...Array.from(want, Math.abs));
    expect(worstRatio(got.data as Float32Array, want, 1e-6 * scale, 1e-5), `${what} batch ${n}`).toBeLessThanOrEqual(1);
  }
}

const IMAGE_MODELS: [string, () => Layer[], number[]][] = [
  [
    'Conv2d → BatchNorm+ReLU → MaxPool2d → Flatten → Dense',
    () => [
      new Conv2d(2, 3, 3, { padding: 1 }),
      new BatchNorm(3, { relu: true }),
      new MaxPool2d(2, { padding: 1 }),
      new Flatten(),
      new Dense(3 * 3 * 3, 4),
    ],
    [2, 5, 5],
  ],
  [
    'strided, dilated, rectangular Conv2d without bias → AvgPool2d (padding) → GlobalAvgPool2d → Dense',
    () => [
      new Conv2d(1, 4, [3, 2], { stride: [2, 1], dilation: [1, 2], padding: [1, 0], bias: false }),
      new ELU(),
      new AvgPool2d(3, { stride: 1, padding: 1 }),
      new GlobalAvgPool2d(),
      new Dense(4, 2),
      new Softmax(),
    ],
    [1, 7, 6],
  ],
];

const D = 6;
/** One model per layer type, each between Dense layers so every op sees a computed, non-trivial input. */
const SINGLE_LAYERS: [string, () => Layer][] = [
  ['Dense', () => new Dense(D, D)],
  ['Dense without bias', () => new Dense(D, D, { bias: false })],
  ['BatchNorm', () => new BatchNorm(D, { eps: 1e-3, momentum: 0.2 })],
  ['BatchNorm+ReLU', () => new BatchNorm(D, { relu: true })],
  ['ReLU', () => new ReLU()],
  ['LeakyReLU', () => new LeakyReLU({ slope: 0.2 })],
  ['PReLU shared', () => new PReLU()],
  ['PReLU per feature', () => new PReLU({ channels: D })],
  ['ELU', () => new ELU({ alpha: 0.7 })],
  ['Sigmoid', () => new Sigmoid()],
  ['Tanh', () => new Tanh()],
  ['Softmax', () => new Softmax()],
  ['Identity', () => new Identity()],
  ['Dropout', () => new Dropout(0.4)],
  ['Maxout', () => new Maxout(D, D, 3)],
  ['nested Chain', () => new Chain([new Dense(D, D), new Tanh()])],
];

const FACTORIES: ((w: number, r: () => number) => { layer: Layer; out: number })[] = [
  (w, r) => ({ layer: new Dense(w, 1 + Math.floor(r() * 9)), out: NaN }),
  (w) => ({ layer: new BatchNorm(w, { relu: w % 2 === 0 }), out: w }),
  (w, r) => ({ layer: new Maxout(w, 1 + Math.floor(r() * 6), 1 + Math.floor(r() * 3)), out: NaN }),
  (w) => ({ layer: new ReLU(), out: w }),
  (w) => ({ layer: new LeakyReLU(), out: w }),
  (w) => ({ layer: new PReLU({ channels: w }), out: w }),
  (w) => ({ layer: new ELU(), out: w }),
  (w) => ({ layer: new Sigmoid(), out: w }),
  (w) => ({ layer: new Tanh(), out: w }),
  (w) => ({ layer: new Dropout(0.5), out: w }),
  (w) => ({ layer: new Identity(), out: w }),
];

/** A seeded random stack of 2..7 layers ending in a Dense (and a Softmax half the time). */
function randomStack(seed: number): { model: Model; width: number } {
  const r = rng(seed);
  const width = 1 + Math.floor(r() * 12);
  const layers: Layer[] = [];
  let w = width;
  for (let i = 0, n = 1 + Math.floor(r() * 5); i < n; i++) {
    const { layer, out } = FACTORIES[Math.floor(r() * FACTORIES.length)](w, r);
    layers.push(layer);
    w = Number.isNaN(out) ? (layer as Dense | Maxout).outFeatures : out;
  }
  layers.push(new Dense(w, 3));
  if (r() < 0.5) layers.push(new Softmax());
  const model = new Model(layers);
  randomize(model, seed);
  return { model, width };
}

const PREPROCESSING: [string, () => Preprocessor][] = [
  ['standardize per feature', () => standardize()],
  ['standardize global', () => standardize('global')],
  ['center per channel', () => center('channel')],
  ['PCA, whitened', () => new PCA(4, true)],
  ['standardize then PCA', () => new Pipeline([standardize(), new PCA(5)])],
];

describeEachBackend('exportONNX → onnxruntime equals predict', (b) => {
  it('every layer type, batch 1 and 37', async () => {
    setBackend(b.name);
    for (const [name, make] of SINGLE_LAYERS) {
      const model = new Model([new Dense(D, D), make(), new Dense(D, 4)]);
      randomize(model, name.length);
      await expectSameOutputs(model, D, name);
    }
  });

  it('Maxout at opset 18 (ReduceMax takes its axes as an input) and every other opset through 21', async () => {
    setBackend(b.name);
    for (const opset of [14, 17, 18, 21]) {
      const model = new Model([new Maxout(D, 4, 2), new BatchNorm(4), new Softmax()]);
      randomize(model, opset);
      await expectSameOutputs(model, D, `opset ${opset}`, opset);
    }
  });

  it('30 seeded random stacks of layers', async () => {
    setBackend(b.name);
    for (let seed = 0; seed < 30; seed++) {
      const { model, width } = randomStack(seed);
      await expectSameOutputs(model, width, `stack ${seed}: ${model.describe()}`, 13, seed);
    }
  });

  it('the saved preprocessing runs inside the graph', async () => {
    setBackend(b.name);
    const fitX = new Tensor(uniform(50 * 12, 7, -3, 5), [50, 12]);
    for (const [name, make] of PREPROCESSING) {
      const pre = make().fit(fitX, [3, 2, 2]);
      const model = new Model([new Dense(pre.transform(fitX).cols, 5), new Tanh(), new Dense(5, 3)]);
      randomize(model, name.length);
      model.preprocessing = pre;
      await expectSameOutputs(model, 12, name);
    }
  });

  it('a model with no weights (activations only) exports with a symbolic feature dimension', async () => {
    setBackend(b.name);
    await expectSameAsForward(new Model([new Tanh()]), [5], 'Tanh only');
    await expectSameAsForward(new Model([new Dropout(0.5)]), [5], 'Dropout only (an Identity node)');
  });

  it('image models: Conv2d (stride, padding, dilation), BatchNorm over channels, pooling, Flatten', async () => {
    setBackend(b.name);
    for (const [name, layers, imageShape] of IMAGE_MODELS) {
      const model = new Model(layers());
      randomize(model, name.length);
      await expectSameAsForward(model, imageShape, name, { imageShape });
      await expectSameAsForward(model, imageShape, `${name}, free height and width`);
    }
  });

  it('per-channel centering of images runs inside the graph', async () => {
    setBackend(b.name);
    const model = new Model(IMAGE_MODELS[0][1]());
    randomize(model, 3);
    model.preprocessing = center('channel').fit(new Tensor(uniform(20 * 50, 4, 0, 9), [20, 50]), [2, 5, 5]);
    model.datasetInfo = { sampleShape: [2, 5, 5] };
    model.eval();
    const session = await ort.InferenceSession.create(await model.exportONNX());
    const x = uniform(3 * 50, 5, 0, 9);
    const want = model.forward(model.preprocessing.transform(new Tensor(x, [3, 2, 5, 5])), { training: false }).data;
    const got = (await session.run({ input: new ort.Tensor('float32', x, [3, 2, 5, 5]) })).output.data;
    expect(worstRatio(got as Float32Array, want, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
  });
});

describeEachBackend('exportONNX of CategoryEmbedding', (b) => {
  it('dense columns and category indices in, the tables looked up in the graph', async () => {
    setBackend(b.name);
    const model = new Model([new CategoryEmbedding(3, [4, 2, 5], [2, 3, 1]), new Tanh(), new Dense(3 + 6, 2)]);
    randomize(model, 11);
    model.eval();
    const session = await ort.InferenceSession.create(await model.exportONNX());
    const r = rng(12);
    const x = Float32Array.from({ length: 37 * 6 }, (_, i) => {
      const j = i % 6;
      return j < 3 ? 4 * r() - 2 : Math.floor(r() * [4, 2, 5][j - 3]);
    });
    const want = model.forward(new Tensor(x, [37, 6]), { training: false }).data;
    const got = (await session.run({ input: new ort.Tensor('float32', x, [37, 6]) })).output.data;
    expect(worstRatio(got as Float32Array, want, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
  });
});

it('exportONNX(path) writes a file onnxruntime opens; class names and the dynamic batch go into the file', async () => {
  const { mkdtempSync, readFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'nnkit-onnx-')), 'm.onnx');
  const model = new Model([new Dense(3, 2)]);
  model.datasetInfo = { classValues: [10, 20] };
  await model.exportONNX(file);
  const bytes = readFileSync(file);
  const out = await runInOrt(bytes, Float32Array.of(1, 2, 3), 1);
  expect(out.dims).toEqual([1, 2]);
  const decoded = decodeModel(bytes, file);
  expect(decoded.metadata.class_names).toBe('["10","20"]');
  expect(decoded.opsetImports).toEqual([{ domain: '', version: 13 }]);
  expect(decoded.graph.inputs[0].dims).toEqual(['batch', 3]);
  expect(decoded.graph.outputs[0].dims).toEqual(['batch', 2]);
  expect(
    decoded.graph.initializers.every(
      (t) => t.dataType === 1 && t.raw?.length === 4 * t.dims.reduce((a, c) => a * c, 1),
    ),
  ).toBe(true);
});

it('exportONNX refuses what it cannot express, naming it', async () => {
  const model = new Model([new Dense(3, 2)]);
  await expect(model.exportONNX({ opset: 12 })).rejects.toThrow(/opset must be a whole number from 13 to 21, got 12/);
  await expect(model.exportONNX({ classNames: ['a'] })).rejects.toThrow(/1 class names for a model with 2 outputs/);
  class Square extends Identity {
    override config() {
      return { type: 'Square' };
    }
    override describe() {
      return 'Square';
    }
  }
  await expect(new Model([new Dense(3, 2), new Square()]).exportONNX()).rejects.toThrow(
    /layer1 \(Square\) has no ONNX form; nnkit exports Dense, .*registerONNXExporter/,
  );
  const odd = new Model([new Dense(3, 2)]);
  odd.preprocessing = {
    kind: 'tabular',
    fit: () => odd.preprocessing,
    transform: (x: Tensor) => x,
    toJSON: () => ({ kind: 'tabular' }),
  } as unknown as Preprocessor;
  await expect(odd.exportONNX()).rejects.toThrow(
    /preprocessing "tabular" has no ONNX form .*\{ preprocessing: false \}/,
  );
});
