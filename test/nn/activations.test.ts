import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { ELU } from '../../src/nn/activations/elu';
import { Identity } from '../../src/nn/activations/identity';
import { LeakyReLU } from '../../src/nn/activations/leaky-relu';
import { PReLU } from '../../src/nn/activations/prelu';
import { ReLU } from '../../src/nn/activations/relu';
import { Sigmoid } from '../../src/nn/activations/sigmoid';
import { Softmax } from '../../src/nn/activations/softmax';
import { Tanh } from '../../src/nn/activations/tanh';
import type { Layer } from '../../src/nn/layer';
import { setDebugChecks } from '../../src/nn/input-checks';
import { Tensor } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import { uniform, worstRatio } from '../helpers/random';
import { expectGradOk, input64, shapes } from './helpers';

// Each activation with its formula written independently here.
const CASES: [string, (dtype: 'float32' | 'float64') => Layer, (x: number) => number][] = [
  ['Sigmoid', (dtype) => new Sigmoid({ dtype }), (x) => 1 / (1 + Math.exp(-x))],
  ['Tanh', (dtype) => new Tanh({ dtype }), (x) => (Math.exp(x) - Math.exp(-x)) / (Math.exp(x) + Math.exp(-x))],
  ['ReLU', (dtype) => new ReLU({ dtype }), (x) => Math.max(0, x)],
  ['LeakyReLU', (dtype) => new LeakyReLU({ dtype }), (x) => Math.max(0.1 * x, x)],
  ['LeakyReLU(0.3)', (dtype) => new LeakyReLU({ slope: 0.3, dtype }), (x) => Math.max(0.3 * x, x)],
  ['ELU', (dtype) => new ELU({ dtype }), (x) => (x > 0 ? x : Math.exp(x) - 1)],
  ['ELU(0.5)', (dtype) => new ELU({ alpha: 0.5, dtype }), (x) => (x > 0 ? x : 0.5 * (Math.exp(x) - 1))],
  ['Identity', (dtype) => new Identity({ dtype }), (x) => x],
  ['PReLU (init 0.25)', (dtype) => new PReLU({ dtype }), (x) => Math.max(0.25 * x, x)],
];

it('activations: dx (and the PReLU slope gradient) match centered finite differences (float64)', () => {
  for (const [name, make] of CASES) {
    for (const [N, D] of shapes(name.length)) expectGradOk(make('float64'), input64(N, D, N * 7 + D));
  }
  for (const [N, D] of shapes(5)) {
    const per = new PReLU({ channels: D, dtype: 'float64' });
    per.slope.value.set(Array.from({ length: D }, (_, i) => 0.1 + 0.2 * i));
    expectGradOk(per, input64(N, D, N + 3 * D));
    expectGradOk(new Softmax({ dtype: 'float64' }), input64(N, D, N + 5 * D));
  }
});

describeEachBackend('activation layers', (b) => {
  it('forward matches the formula and shape is kept; backward of a zero dy is zero', () => {
    setBackend(b.name);
    const x = new Tensor(uniform(6 * 5, 11, -4, 4), [6, 5]);
    for (const [name, make, f] of CASES) {
      const layer = make('float32');
      const y = layer.forward(x);
      expect(y.shape, name).toEqual([6, 5]);
      expect(worstRatio(y.data, Array.from(x.data, f), 1e-6, 1e-5), name).toBeLessThanOrEqual(1);
      expect(
        Array.from(layer.backward(Tensor.zeros([6, 5])).data).every((v) => v === 0),
        name,
      ).toBe(true);
    }
  });

  it("Softmax rows sum to 1; per-channel PReLU uses each feature's slope", () => {
    setBackend(b.name);
    const p = new Softmax().forward(new Tensor(uniform(12, 3, -5, 5), [3, 4]));
    for (let i = 0; i < 3; i++)
      expect(p.data[i * 4] + p.data[i * 4 + 1] + p.data[i * 4 + 2] + p.data[i * 4 + 3]).toBeCloseTo(1, 6);
    const pr = new PReLU({ channels: 2 });
    pr.slope.value.set([0.5, 2]);
    expect(Array.from(pr.forward(Tensor.from([-1, -1, 3, -2], [2, 2])).data)).toEqual([-0.5, -2, 3, -4]);
  });
});

it('activations: bad input is a clear error naming the layer; NaN caught under the debug check', () => {
  expect(() => new ReLU().forward(Tensor.zeros([0, 3]))).toThrow(/ReLU: input \[0, 3\] is empty/);
  expect(() => new Sigmoid().forward(Tensor.zeros([2, 3], 'float64'))).toThrow(
    /Sigmoid: input \[2, 3\] is float64 but the layer is float32/,
  );
  expect(() => new PReLU({ channels: 4 }).forward(Tensor.zeros([2, 3]))).toThrow(
    /PReLU\(4\): expected input \[N, 4\], got \[2, 3\]/,
  );
  expect(() => new LeakyReLU({ slope: NaN })).toThrow(/slope/);
  const bad = Tensor.from([1, NaN, 3, 4], [2, 2]);
  expect(() => new Tanh().forward(bad)).not.toThrow();
  setDebugChecks(true);
  try {
    expect(() => new Tanh().forward(bad)).toThrow(/Tanh: input \[2, 2\] holds NaN at row 0, column 1/);
  } finally {
    setDebugChecks(false);
  }
});
