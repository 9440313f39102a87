import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { Dropout } from '../../src/nn/dropout';
import { Maxout } from '../../src/nn/maxout';
import { Tensor } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import { uniform, worstRatio } from '../helpers/random';
import { expectGradOk, input64, shapes } from './helpers';

it('Maxout: gradients of x, W and b match finite differences (float64, incl. k = 1 and N = 1)', () => {
  for (const [N, D] of shapes(4)) {
    for (const [out, k] of [
      [1, 1],
      [3, 2],
      [2, 4],
    ]) {
      expectGradOk(
        new Maxout(D, out, k, { seed: N + D + k, dtype: 'float64', init: 'unit-normal' }),
        input64(N, D, 5 * N + D),
      );
    }
  }
});

describeEachBackend('Maxout and Dropout', (b) => {
  it("Maxout: y_g = max over the group's k pieces of x·Wᵀ + b (naive loop)", () => {
    setBackend(b.name);
    const N = 4,
      I = 5,
      O = 3,
      K = 3,
      m = new Maxout(I, O, K, { seed: 9 });
    m.bias.value.set(uniform(O * K, 2));
    const x = new Tensor(uniform(N * I, 3), [N, I]),
      y = m.forward(x);
    const want: number[] = [];
    for (let n = 0; n < N; n++) {
      for (let g = 0; g < O; g++) {
        let best = -Infinity;
        for (let j = 0; j < K; j++) {
          let z = m.bias.value[g * K + j];
          for (let i = 0; i < I; i++) z += x.data[n * I + i] * m.weight.value[(g * K + j) * I + i];
          best = Math.max(best, z);
        }
        want.push(best);
      }
    }
    expect(worstRatio(y.data, want, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
  });

  it('Dropout: drops about p of the units, scales the rest by 1/(1 − p), identity in eval; backward uses the mask', () => {
    setBackend(b.name);
    const d = new Dropout(0.25, { seed: 1 }),
      x = Tensor.from(new Float32Array(40_000).fill(1), [200, 200]);
    const y = d.forward(x),
      dropped = y.data.filter((v) => v === 0).length / y.size;
    expect(Math.abs(dropped - 0.25)).toBeLessThan(0.01);
    expect(y.data.every((v) => v === 0 || Math.abs(v - 1 / 0.75) < 1e-6)).toBe(true);
    const dx = d.backward(x);
    expect(Array.from(dx.data)).toEqual(Array.from(y.data));
    expect(d.forward(x, { training: false })).toBe(x);
    expect(() => new Dropout(1)).toThrow(/p must be in \[0, 1\)/);
  });
});
