// Small classification data and an MLP shared by the training, save/load and worker tests.
import type { Dataset } from '../../src/data';
import { Model } from '../../src/model';
import { BatchNorm, Dense, ReLU } from '../../src/nn';
import { Tensor } from '../../src/tensor';
import { rng } from '../helpers/random';

/** Three Gaussian blobs in 4-D, labels 0..2. */
export function blobs(n: number, seed: number): Dataset {
  const r = rng(seed);
  const x = new Float32Array(n * 4);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 3;
    for (let j = 0; j < 4; j++) x[i * 4 + j] = (j === y[i] ? 3 : 0) + (r() - 0.5) * 2 + 10;
  }
  return { x: new Tensor(x, [n, 4]), y, numClasses: 3 };
}

export function mlp(seed = 1): Model {
  return new Model([
    new Dense(4, 16, { seed }),
    new BatchNorm(16),
    new ReLU(),
    new Dense(16, 3, { init: 'xavier', seed: seed + 1 }),
  ]);
}
