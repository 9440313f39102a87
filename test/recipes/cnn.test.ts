// The CNN recipe's architecture strings: the layers they build (types, shapes, the fused BN+ReLU, the appended
// output layer), errors that name the token, and `nnkit train --model` end to end on the digits (8×8 images).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { main } from '../../src/cli';
import { loadDigits } from '../../src/data';
import { asImages } from '../../src/data/images';
import { standardize } from '../../src/data/preprocess';
import { loadModel } from '../../src/io/load';
import { buildCnnLayers, DEFAULT_CNN } from '../../src/recipes/cnn';
import { check } from '../../src/babysit/sanity-checks';
import { Model } from '../../src/model';
import { Tensor } from '../../src/tensor';

const describeAll = (spec: string, shape: number[], outputs = 10) =>
  buildCnnLayers(spec, shape, outputs, 0).map((l) => l.describe());

it('the default CNN on 28×28 images: conv-BN+ReLU-pool twice, flatten, fc128, BN+ReLU, dropout, output', () => {
  expect(describeAll('cnn', [1, 28, 28])).toEqual([
    'Conv2d(1→32, 3×3)',
    'BatchNorm(32)+ReLU',
    'MaxPool2d(2×2)',
    'Conv2d(32→64, 3×3)',
    'BatchNorm(64)+ReLU',
    'MaxPool2d(2×2)',
    'Flatten',
    'Dense(3136→128)',
    'BatchNorm(128)+ReLU',
    'Dropout(0.25)',
    'Dense(128→10)',
  ]);
  expect(DEFAULT_CNN).toBe('conv32-bn-relu-pool,conv64-bn-relu-pool,fc128-bn-relu-drop0.25');
  const layers = buildCnnLayers('cnn', [1, 28, 28], 10, 0);
  expect((layers[0].config() as { bias: boolean }).bias).toBe(false); // a BatchNorm follows: no conv bias
});

it('strides, kernels, avgpool, gap, dropout; the output layer only when the string does not end with it', () => {
  expect(describeAll('conv8k5s2-relu,avgpool,gap,drop0.25,fc10', [3, 16, 16])).toEqual([
    'Conv2d(3→8, 5×5)',
    'ReLU',
    'AvgPool2d(2×2)',
    'GlobalAvgPool2d',
    'Dropout(0.25)',
    'Dense(8→10)',
  ]);
  const x = Tensor.zeros([2, 3, 16, 16]);
  let h = x;
  for (const l of buildCnnLayers('conv8k5s2-relu,avgpool,fc6', [3, 16, 16], 4, 1)) h = l.forward(h);
  expect(h.shape).toEqual([2, 4]); // conv → 8×8×8, pool → 8×4×4, fc6, then the appended Dense(6→4)
});

it('bad architecture strings are errors naming the token and what was expected', () => {
  expect(() => buildCnnLayers('conv32-bogus', [1, 8, 8], 10, 0)).toThrow(/unknown layer "bogus"; expected conv<F>/);
  expect(() => buildCnnLayers('conv0', [1, 8, 8], 10, 0)).toThrow(/"conv0" needs whole numbers ≥ 1/);
  expect(() => buildCnnLayers('pool,pool,pool,pool', [1, 8, 8], 10, 0)).toThrow(
    /"pool" needs at least 2×2 pixels, the input is 1×1/,
  );
  expect(() => buildCnnLayers('fc10,conv3', [1, 8, 8], 10, 0)).toThrow(/"conv3" needs an image input/);
  expect(() => buildCnnLayers('conv4k9', [1, 8, 8], 10, 0)).not.toThrow(); // padding 4 keeps 8×8
  expect(() => buildCnnLayers('conv4k9s1', [1, 3, 3], 10, 0)).not.toThrow();
  expect(() => buildCnnLayers('', [1, 8, 8], 10, 0)).toThrow(/empty/);
});

it('images: asImages is a [N, C, H, W] view; per-channel standardization fits on 4-D input without a sampleShape', async () => {
  const { train } = await loadDigits();
  const img = asImages(train);
  expect(img.x.shape).toEqual([train.x.rows, 1, 8, 8]);
  expect(img.x.data).toBe(train.x.data);
  const z = standardize('channel').fit(img.x).transform(img.x);
  expect(z.shape).toEqual(img.x.shape);
  let sum = 0;
  for (const v of z.data) sum += v;
  expect(Math.abs(sum / z.size)).toBeLessThan(1e-4);
  expect(() => asImages({ ...train, sampleShape: undefined })).toThrow(/needs sampleShape \[C, H, W\]/);
});

afterEach(() => vi.restoreAllMocks());

it('nnkit train --model cnn on the digits images trains, reports the CNN, saves a model that loads and predicts', async () => {
  let stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'nnkit-cnn-')), 'cnn.nnkit');
  const code = await main([
    'train',
    '--model',
    'conv8-bn-relu-pool,fc32-relu',
    '--epochs',
    '3',
    '--json',
    '--save',
    file,
  ]);
  expect(code).toBe(0);
  const out = JSON.parse(stdout.trim().split('\n').pop() as string);
  expect(out.layers).toBe('CNN conv8-bn-relu-pool,fc32-relu');
  expect(out.testAccuracy).toBeGreaterThan(0.9);
  const model = await loadModel(file);
  const { test } = await loadDigits();
  const probs = await model.predict(asImages(test).x);
  expect(probs.shape).toEqual([test.x.rows, 10]);
  vi.restoreAllMocks();
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  expect(await main(['train', '--model', 'conv8-nope'])).toBe(2);
  expect(await main(['train', '--model', 'cnn', '--layers', '64'])).toBe(2);
});

it('the babysitter checks a CNN on images: the gradient check passes although image pixels tie in max pooling', async () => {
  const { train } = await loadDigits();
  const images = asImages(train);
  const data = { ...images, x: standardize('channel').fit(images.x).transform(images.x) };
  const model = new Model(buildCnnLayers('conv4-bn-relu-pool,fc16-relu', [1, 8, 8], 10, 3));
  const report = await check(model, data, { seed: 1 });
  expect(report.checks.gradcheck.passed, JSON.stringify(report.checks.gradcheck)).toBe(true);
  expect(report.checks['overfit-tiny'].passed).toBe(true);
});
