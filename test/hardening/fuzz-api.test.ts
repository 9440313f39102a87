// The public layer/model API with random (often wrong) shapes and values: every call returns a finite result of
// the right shape or throws an Error naming the layer; NaN/Inf in training data is refused before any step.
import { expect, it } from 'vitest';
import {
  BatchNorm,
  Dense,
  ELU,
  LeakyReLU,
  Maxout,
  PReLU,
  ReLU,
  Sequential,
  Sigmoid,
  Tanh,
  Tensor,
  optim,
} from '../../src';
import { describeEachBackend } from '../helpers/backends';
import { setBackend } from '../../src';
import { rng } from '../helpers/random';

describeEachBackend('public API fuzz', (b) => {
  it('2000 random layer builds and forward/backward calls: a correct shape or a named Error, never NaN from finite input', () => {
    setBackend(b.name);
    const r = rng(5);
    const dim = () => [0, 1, 2, 3, 7, 16, -1, 2.5, NaN][Math.floor(r() * 9)];
    const makers: [
      string,
      () => { layer: { forward: (x: Tensor, o?: object) => Tensor; backward: (d: Tensor) => Tensor }; width: number },
    ][] = [
      [
        'Dense',
        () => {
          const i = dim(),
            o = dim();
          return { layer: new Dense(i, o, { seed: 1 }), width: i };
        },
      ],
      [
        'BatchNorm',
        () => {
          const f = dim();
          return { layer: new BatchNorm(f), width: f };
        },
      ],
      [
        'Maxout',
        () => {
          const i = dim(),
            o = dim();
          return { layer: new Maxout(i, o, 2, { seed: 1 }), width: i };
        },
      ],
      ['PReLU', () => ({ layer: new PReLU(), width: 5 })],
      ['ReLU', () => ({ layer: new ReLU(), width: 5 })],
      ['Tanh', () => ({ layer: new Tanh(), width: 5 })],
      ['Sigmoid', () => ({ layer: new Sigmoid(), width: 5 })],
      ['ELU', () => ({ layer: new ELU(), width: 5 })],
      ['LeakyReLU', () => ({ layer: new LeakyReLU({ slope: 0.1 }), width: 5 })],
    ];
    let computed = 0,
      refused = 0;
    for (let i = 0; i < 2000; i++) {
      const [name, make] = makers[Math.floor(r() * makers.length)];
      try {
        const { layer, width } = make();
        const rows = [0, 1, 2, 5][Math.floor(r() * 4)];
        const cols = r() < 0.8 ? width : width + 1;
        const x = new Tensor(
          Float32Array.from({ length: rows * cols }, () => r() * 4 - 2),
          [rows, cols],
        );
        const y = layer.forward(x, { training: true });
        expect(y.rows, name).toBe(rows);
        expect(y.data.every(Number.isFinite), name).toBe(true);
        const dx = layer.backward(new Tensor(new Float32Array(y.size).fill(0.1), y.shape));
        expect(dx.shape, name).toEqual(x.shape);
        expect(dx.data.every(Number.isFinite), name).toBe(true);
        computed++;
      } catch (e) {
        if ((e as Error).name === 'AssertionError') throw e;
        expect(e, name).toBeInstanceOf(Error);
        expect((e as Error).message.length, name).toBeGreaterThan(10);
        refused++;
      }
    }
    expect(computed).toBeGreaterThan(200);
    expect(refused).toBeGreaterThan(200);
  });

  it('fit refuses NaN or Infinity in the data before any step, and the model is untouched', async () => {
    setBackend(b.name);
    for (const bad of [NaN, Infinity, -Infinity]) {
      const model = new Sequential([new Dense(3, 2, { seed: 1 })]);
      const before = Float32Array.from(model.parameters()[0].value);
      const x = new Tensor(
        Float32Array.from({ length: 30 }, (_, i) => (i === 17 ? bad : i / 30)),
        [10, 3],
      );
      const set = { x, y: Int32Array.from({ length: 10 }, (_, i) => i % 2), numClasses: 2 };
      await expect(model.fit(set, { epochs: 1, optimizer: new optim.SGD({ lr: 0.1 }) })).rejects.toThrow(
        /row 5, column 2/,
      );
      expect(Array.from(model.parameters()[0].value)).toEqual(Array.from(before));
    }
  });
});
