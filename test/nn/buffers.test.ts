import { expect, it } from 'vitest';
import { Dense } from '../../src/nn/dense';
import { BatchNorm } from '../../src/nn/batch-norm';
import { ReLU } from '../../src/nn/activations/relu';
import { Maxout } from '../../src/nn/maxout';
import { Chain } from '../../src/nn/chain';
import { Tensor } from '../../src/tensor';
import { uniform } from '../helpers/random';

it('after the first batch of each size, steps reuse every output and gradient buffer (no new arrays)', () => {
  const m = new Chain([new Dense(6, 5, { seed: 1 }), new BatchNorm(5), new ReLU(), new Maxout(5, 2, 2, { seed: 2 })]);
  const big = new Tensor(uniform(8 * 6, 1), [8, 6]),
    small = new Tensor(uniform(3 * 6, 2), [3, 6]);
  const seen = (x: Tensor) => {
    const y = m.forward(x);
    return [y.data, m.backward(Tensor.zeros(y.shape)).data];
  };
  const first = [seen(big), seen(small)];
  for (let epoch = 0; epoch < 3; epoch++) {
    const again = [seen(big), seen(small)];
    again.forEach((pair, i) => pair.forEach((arr, j) => expect(arr).toBe(first[i][j])));
  }
});
