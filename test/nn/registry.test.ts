import { expect, it } from 'vitest';
import { ELU } from '../../src/nn/activations/elu';
import { Identity } from '../../src/nn/activations/identity';
import { LeakyReLU } from '../../src/nn/activations/leaky-relu';
import { PReLU } from '../../src/nn/activations/prelu';
import { ReLU } from '../../src/nn/activations/relu';
import { Sigmoid } from '../../src/nn/activations/sigmoid';
import { Softmax } from '../../src/nn/activations/softmax';
import { Tanh } from '../../src/nn/activations/tanh';
import { BatchNorm } from '../../src/nn/batch-norm';
import { Dense } from '../../src/nn/dense';
import { Dropout } from '../../src/nn/dropout';
import { Maxout } from '../../src/nn/maxout';
import { cloneLayer, layerFromConfig } from '../../src/nn/registry';
import { nextDefaultSeed } from '../../src/nn/default-seed';
import { Chain } from '../../src/nn/chain';
import { Tensor } from '../../src/tensor';
import { uniform } from '../helpers/random';

const every = () =>
  new Chain([
    new Dense(6, 8, { seed: 1, init: 'glorot' }),
    new BatchNorm(8, { momentum: 0.2, relu: true }),
    new ReLU(),
    new LeakyReLU({ slope: 0.2 }),
    new ELU({ alpha: 0.7 }),
    new PReLU({ channels: 8, init: 0.1 }),
    new Sigmoid(),
    new Tanh(),
    new Identity(),
    new Maxout(8, 4, 3, { seed: 2 }),
    new Dropout(0.3),
    new Dense(4, 3, { bias: false, seed: 3 }),
    new Softmax(),
  ]);

it('config() round-trips for every layer type', () => {
  const m = every();
  const rebuilt = layerFromConfig(JSON.parse(JSON.stringify(m.config())));
  expect(rebuilt.config()).toEqual(m.config());
  expect(rebuilt.parameters().map((p) => p.name)).toEqual(m.parameters().map((p) => p.name));
  expect(() => layerFromConfig({ type: 'Conv9' })).toThrow(/unknown layer type "Conv9"; known: Dense, BatchNorm/);
});

it('cloneLayer copies parameters and running statistics into the other precision and gives the same output', () => {
  const m = every();
  const x = new Tensor(uniform(5 * 6, 1), [5, 6]);
  m.forward(x); // moves BatchNorm's running statistics
  m.eval();
  const want = Array.from(m.forward(x).data);
  const c = cloneLayer(m, 'float64');
  expect(c.training).toBe(false);
  expect(c.parameters()[0].value).toBeInstanceOf(Float64Array);
  expect(Array.from(c.buffers()[0].value)).toEqual(Array.from(m.buffers()[0].value, (v) => v));
  const got = c.forward(x.to('float64')).data;
  want.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
});

it('cloneLayer does not consume default seeds, so checking a model does not change layers built after it', () => {
  const m = new Chain([new Dense(4, 3), new BatchNorm(3), new Dense(3, 2)]);
  const before = nextDefaultSeed();
  cloneLayer(m, 'float64');
  cloneLayer(m, 'float32');
  expect(nextDefaultSeed()).toBe(before + 1);
});
