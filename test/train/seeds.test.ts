// One seed for a whole run from code (README "Which seed governs what"): models built alike start differently
// (each layer draws from a process-wide counter), and model.resetParameters(new Rng(seed)) + fit({ seed }) makes
// two of them train to the same weights, bit for bit.
import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { Model } from '../../src/model';
import { BatchNorm, Dense, Dropout, ReLU } from '../../src/nn';
import { SGD } from '../../src/optim';
import { Rng } from '../../src/random';
import { describeEachBackend } from '../helpers/backends';
import { blobs } from './fixtures';

const build = () =>
  new Model([new Dense(4, 16), new BatchNorm(16), new ReLU(), new Dropout(0.3), new Dense(16, 3, { init: 'xavier' })]);
const weights = (m: Model) => m.parameters().map((p) => Array.from(p.value));

describeEachBackend('seeds', (b) => {
  it('resetParameters(new Rng(seed)) before fit({ seed }) reproduces the run; without it models differ', async () => {
    setBackend(b.name);
    const [m1, m2] = [build(), build()];
    expect(weights(m1)).not.toEqual(weights(m2));
    const train = async (m: Model) => {
      m.resetParameters(new Rng(5));
      await m.fit(blobs(60, 1), { epochs: 2, batchSize: 16, seed: 3, optimizer: new SGD({ lr: 0.1, momentum: 0.9 }) });
      return weights(m);
    };
    expect(await train(m1)).toEqual(await train(m2));
  });
});
