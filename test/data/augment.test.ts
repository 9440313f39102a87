// Image augmentation: flips and padded crops move pixels exactly as the formula says, the same seed repeats the
// same batch, bad specs are errors naming the field, and fit({ augment }) trains a CNN (also in a worker thread,
// with the same result) and resumes from a checkpoint exactly.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { standardize } from '../../src/data/preprocess';
import { loadCheckpoint } from '../../src/io/load';
import { augmentImages, checkAugmentation } from '../../src/data/augment';
import { loadDigits } from '../../src/data/digits';
import { asImages } from '../../src/data/images';
import { Model } from '../../src/model';
import { SGD } from '../../src/optim/sgd';
import { Rng } from '../../src/random';
import { buildCnnLayers } from '../../src/recipes/cnn';
import { Tensor } from '../../src/tensor';

const image = () =>
  Tensor.from(
    Array.from({ length: 2 * 3 * 4 }, (_, i) => i + 1),
    [1, 2, 3, 4],
  );

/** The seed whose first draws make augmentImages flip (next() < 0.5) or not, found by drawing as it does. */
function seedWhere(pred: (r: Rng) => boolean): number {
  for (let s = 0; ; s++) if (pred(new Rng(s))) return s;
}

it('flip mirrors every row of every channel; crop shifts by the drawn offset with zeros coming in', () => {
  const x = image();
  augmentImages(x, { flip: true }, new Rng(seedWhere((r) => r.next() < 0.5)));
  expect(Array.from(x.data.subarray(0, 4))).toEqual([4, 3, 2, 1]);
  expect(Array.from(x.data.subarray(12, 16))).toEqual([16, 15, 14, 13]);
  const y = image();
  augmentImages(y, { flip: true }, new Rng(seedWhere((r) => r.next() >= 0.5)));
  expect(Array.from(y.data)).toEqual(Array.from(image().data));
  // crop 1: offsets dy, dx ∈ {−1, 0, 1}; pick a seed drawing dy = 1, dx = −1: out[h, w] = in[h + 1, w − 1]
  const seed = seedWhere((r) => Math.floor(r.next() * 3) - 1 === 1 && Math.floor(r.next() * 3) - 1 === -1);
  const z = image();
  augmentImages(z, { crop: 1 }, new Rng(seed));
  expect(Array.from(z.data.subarray(0, 12))).toEqual([0, 5, 6, 7, 0, 9, 10, 11, 0, 0, 0, 0]);
});

it('the same seed gives the same augmented batch; bad specs are errors naming the field', () => {
  const a = Tensor.from(
    Array.from({ length: 8 * 64 }, (_, i) => i % 13),
    [8, 1, 8, 8],
  );
  const b = a.clone();
  augmentImages(a, { flip: true, crop: 2 }, new Rng(5));
  augmentImages(b, { flip: true, crop: 2 }, new Rng(5));
  expect(Array.from(a.data)).toEqual(Array.from(b.data));
  expect(() => checkAugmentation({ crop: -1 })).toThrow(/augment.crop must be a whole number ≥ 0/);
  expect(() => checkAugmentation({ flip: 'yes' })).toThrow(/augment.flip must be a boolean/);
  expect(() => checkAugmentation({ rotate: 3 })).toThrow(/unknown option rotate/);
  expect(() => augmentImages(Tensor.zeros([2, 64]), { flip: true }, new Rng(1))).toThrow(/needs images \[N, C, H, W\]/);
});

it('fit({ augment }) trains a CNN on the digits images, the same in a worker thread', async () => {
  const { train, test } = await loadDigits();
  const run = async (worker: boolean) => {
    const model = new Model(buildCnnLayers('conv8-bn-relu-pool,fc32-relu', [1, 8, 8], 10, 2));
    const h = await model.fit(asImages(train), {
      epochs: 3,
      batchSize: 32,
      seed: 4,
      augment: { flip: false, crop: 1 },
      optimizer: new SGD({ lr: 0.05, momentum: 0.9 }),
      babysit: false,
      worker,
    });
    return { loss: h.epochs.map((e) => e.trainLoss), acc: (await model.evaluate(asImages(test))).accuracy ?? 0 };
  };
  const inProcess = await run(false);
  expect(inProcess.acc).toBeGreaterThan(0.85);
  expect((await run(true)).loss).toEqual(inProcess.loss);
  await expect(
    new Model(buildCnnLayers('fc8', [1, 8, 8], 10, 0)).fit(train, {
      epochs: 1,
      augment: { flip: true },
      babysit: false,
    }),
  ).rejects.toThrow(/augment: needs images/);
});

it('a CNN trained with augmentation resumes from a checkpoint exactly: 1 + 1 epochs equal 2 epochs', async () => {
  const { train } = await loadDigits();
  const data = asImages(train);
  const opts = (optimizer: SGD) => ({
    epochs: 2,
    batchSize: 64,
    seed: 3,
    augment: { flip: true, crop: 1 },
    optimizer,
    preprocess: standardize('channel'),
    babysit: false as const,
  });
  const build = () => new Model(buildCnnLayers('conv4-bn-relu-pool,drop0.25,fc16-relu', [1, 8, 8], 10, 6));
  const straight = build();
  const hs = await straight.fit(data, opts(new SGD({ lr: 0.05, momentum: 0.9 })));
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'nnkit-cnn-ck-')), 'ck.nnkit');
  const ac = new AbortController();
  await build().fit(data, {
    ...opts(new SGD({ lr: 0.05, momentum: 0.9 })),
    checkpoint: { path: file },
    callbacks: { onEpochEnd: (ctx) => (ctx.epoch === 1 ? ac.abort() : undefined) },
    signal: ac.signal,
  });
  const ck = await loadCheckpoint(file);
  const hr = await ck.model.fit(data, { ...opts(ck.optimizer as SGD), resume: ck.state });
  expect(hr.batchLoss).toEqual(hs.batchLoss);
  ck.model.parameters().forEach((p, i) => expect(p.value).toEqual(straight.parameters()[i].value));
});
