// fillZero: the first n values become 0 (NaN and ±Inf included), the rest stay; past the native split (2^17 values,
// ranges over the threads) with a ragged tail; and zeroGrad of layers and optimizers (lazy since session 17: the
// first read of a large gradient fills it through fillZero).
import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { Dense } from '../../src/nn/dense';
import { SGD } from '../../src/optim';
import { describeEachBackend } from '../helpers/backends';
import { uniform } from '../helpers/random';

describeEachBackend('fillZero', (b) => {
  it('zeroes exactly the first n values, non-finite ones too', () => {
    for (const n of [0, 1, 7, 64, 1000, (1 << 17) + 77, (1 << 18) + 3]) {
      const x = uniform(n + 5, n + 1, 1, 2);
      if (n > 2) [x[0], x[1], x[2]] = [NaN, Infinity, -Infinity];
      const tail = x.slice(n);
      b.fillZero(n, x);
      const firstNonZero = x.subarray(0, n).findIndex((v) => !Object.is(v, 0));
      expect(firstNonZero, `n = ${n}`).toBe(-1);
      expect(x.slice(n), `n = ${n}: values past n`).toEqual(tail);
    }
  });

  it('zeroGrad of a layer and of an optimizer leaves every gradient 0', () => {
    setBackend(b.name);
    const layer = new Dense(600, 300, { seed: 1 }); // 180 000 weights: past the native split
    for (const p of layer.parameters()) p.grad.set(uniform(p.grad.length, 2, 1, 2));
    layer.zeroGrad();
    for (const p of layer.parameters()) expect(p.grad.every((v) => Object.is(v, 0))).toBe(true);
    for (const p of layer.parameters()) p.grad.set(uniform(p.grad.length, 3, 1, 2));
    new SGD({ lr: 0.1 }).zeroGrad(layer.parameters());
    for (const p of layer.parameters()) expect(p.grad.every((v) => Object.is(v, 0))).toBe(true);
  });
});
