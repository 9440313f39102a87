import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { ReLU } from '../../src/nn/activations/relu';
import { Tanh } from '../../src/nn/activations/tanh';
import { BatchNorm } from '../../src/nn/batch-norm';
import { Dense } from '../../src/nn/dense';
import { Chain } from '../../src/nn/chain';
import { layerFromConfig, parameterCountOf } from '../../src/nn/registry';
import { Sequential } from '../../src';
import { Rng } from '../../src/random';
import { Tensor } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import { uniform } from '../helpers/random';
import { expectGradOk, input64 } from './helpers';

const mlp = (dtype: 'float32' | 'float64' = 'float32') =>
  new Chain([
    new Dense(5, 6, { seed: 1, dtype }),
    new BatchNorm(6, { dtype }),
    new ReLU({ dtype }),
    new Dense(6, 3, { seed: 2, init: 'xavier', dtype }),
    new Tanh({ dtype }),
  ]);

it('Chain: gradients through Dense → BatchNorm → ReLU → Dense → Tanh match finite differences', () => {
  expectGradOk(mlp('float64'), input64(6, 5, 1), { training: true });
  expectGradOk(mlp('float64').eval(), input64(1, 5, 2));
});

it('Chain: parameters named index.name, shared with the layers; train/eval propagate', () => {
  const m = mlp();
  expect(m.parameters().map((p) => p.name)).toEqual(['0.weight', '0.bias', '1.gamma', '1.beta', '3.weight', '3.bias']);
  expect(m.buffers().map((p) => p.name)).toEqual(['1.runningMean', '1.runningVar']);
  expect(m.parameters()[0].value).toBe((m.layers[0] as Dense).weight.value);
  expect(m.parameters()).toBe(m.parameters()); // stable objects
  m.eval();
  expect(m.layers.every((l) => !l.training)).toBe(true);
  m.train();
  expect(m.layers.every((l) => l.training)).toBe(true);
});

it('Chain: the same seed gives the same model, bit for bit', () => {
  const a = mlp(),
    b = mlp();
  a.resetParameters(new Rng(42));
  b.resetParameters(new Rng(42));
  expect(a.parameters().map((p) => Array.from(p.value))).toEqual(b.parameters().map((p) => Array.from(p.value)));
});

it('Chain: an error inside names the layer index, the layer and the shapes', () => {
  expect(() => mlp().forward(Tensor.zeros([4, 7]))).toThrow(
    /layer 0: Dense\(5→6\): expected input \[N, 5\], got \[4, 7\]/,
  );
  expect(() => new Chain([{} as never])).toThrow(/layers\[0\] is not a Layer/);
});

describeEachBackend('Chain', (b) => {
  it('forward/backward shapes through the stack; zeroGrad clears every gradient', () => {
    setBackend(b.name);
    const m = mlp();
    const y = m.forward(new Tensor(uniform(4 * 5, 3), [4, 5]));
    expect(y.shape).toEqual([4, 3]);
    expect(m.backward(new Tensor(uniform(12, 4), [4, 3])).shape).toEqual([4, 5]);
    expect(m.parameters().some((p) => p.grad.some((v) => v !== 0))).toBe(true);
    m.zeroGrad();
    expect(m.parameters().every((p) => p.grad.every((v) => v === 0))).toBe(true);
  });
});

it('Chain: without an explicit mode each child keeps its own (a BatchNorm put in eval stays frozen)', () => {
  const m = mlp();
  const bn = m.layers[1] as BatchNorm;
  bn.eval();
  m.forward(new Tensor(uniform(4 * 5, 9), [4, 5]));
  expect(Array.from(bn.runningMean.value).every((v) => v === 0)).toBe(true);
  m.forward(new Tensor(uniform(4 * 5, 9), [4, 5]), { training: true });
  expect(Array.from(bn.runningMean.value).some((v) => v !== 0)).toBe(true);
});

it('nn.Chain is the container, nnkit.Sequential the trainable model; each names itself in describe() and errors', () => {
  const chain = new Chain([new Dense(5, 6, { seed: 1 })]);
  const model = new Sequential([new Dense(5, 6, { seed: 1 })]);
  expect(model).toBeInstanceOf(Chain);
  expect(chain.describe()).toBe('Chain(Dense(5→6))');
  expect(model.describe()).toBe('Sequential(Dense(5→6))');
  expect(() => chain.forward(Tensor.zeros([2, 7]))).toThrow(/^Chain layer 0: Dense\(5→6\)/);
  expect(() => model.forward(Tensor.zeros([2, 7]))).toThrow(/^Sequential layer 0: Dense\(5→6\)/);
  expect(() => new Sequential([{} as never])).toThrow(/^Sequential: layers\[0\] is not a Layer/);
});

it('a nested container saved before the rename (config type "Sequential") loads as a Chain with the same shape', () => {
  const legacy = { type: 'Sequential', layers: [{ type: 'Dense', inFeatures: 3, outFeatures: 2 }, { type: 'ReLU' }] };
  const rebuilt = layerFromConfig(legacy);
  expect(rebuilt).toBeInstanceOf(Chain);
  expect(rebuilt.config()).toMatchObject({ type: 'Chain', layers: [{ type: 'Dense' }, { type: 'ReLU' }] });
  expect(parameterCountOf(legacy)).toBe(3 * 2 + 2);
});
