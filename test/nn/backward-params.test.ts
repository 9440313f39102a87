// backwardParams: the backward of a model's first layer without the input gradient nobody uses (training data
// needs no dL/dx). Same parameter gradients as backward; Dense and Maxout skip their dx = dy·W product.
import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { BatchNorm, Dense, Maxout, ReLU, Chain } from '../../src/nn';
import { Tensor } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import { uniform } from '../helpers/random';

describeEachBackend('backwardParams', (b) => {
  it('gives the same parameter gradients as backward through a Chain', () => {
    setBackend(b.name);
    const make = () =>
      new Chain([new Dense(6, 5, { seed: 1 }), new BatchNorm(5), new ReLU(), new Dense(5, 3, { seed: 2 })]);
    const x = new Tensor(uniform(8 * 6, 1), [8, 6]),
      dy = new Tensor(uniform(8 * 3, 2), [8, 3]);
    const full = make(),
      lean = make();
    full.forward(x, { training: true });
    full.backward(dy);
    lean.forward(x, { training: true });
    lean.backwardParams(dy);
    full
      .parameters()
      .forEach((p, i) => expect(Array.from(lean.parameters()[i].grad), p.name).toEqual(Array.from(p.grad)));
  });

  it('Dense.backwardParams accumulates dW and db and leaves the previous dx untouched (it is not computed)', () => {
    setBackend(b.name);
    const d = new Dense(4, 3, { seed: 3 });
    const x = new Tensor(uniform(5 * 4, 3), [5, 4]);
    d.forward(x, { training: true });
    const dx = d.backward(new Tensor(uniform(5 * 3, 4), [5, 3]));
    const dxBefore = Array.from(dx.data),
      gradAfterOne = Array.from(d.parameters()[0].grad);
    d.forward(x, { training: true });
    d.backwardParams(new Tensor(uniform(5 * 3, 4), [5, 3]));
    expect(Array.from(dx.data)).toEqual(dxBefore);
    expect(Array.from(d.parameters()[0].grad)).toEqual(gradAfterOne.map((g) => Math.fround(g + g))); // accumulated twice
  });

  it("Maxout.backwardParams gives backward's dW and db and leaves the previous dx untouched", () => {
    setBackend(b.name);
    const full = new Maxout(4, 3, 2, { seed: 5 }),
      lean = new Maxout(4, 3, 2, { seed: 5 });
    const x = new Tensor(uniform(5 * 4, 6), [5, 4]),
      dy = new Tensor(uniform(5 * 3, 7), [5, 3]);
    full.forward(x, { training: true });
    full.backward(dy);
    lean.forward(x, { training: true });
    const dx = lean.backward(dy);
    const dxBefore = Array.from(dx.data);
    lean.zeroGrad();
    lean.forward(x, { training: true });
    lean.backwardParams(new Tensor(uniform(5 * 3, 8), [5, 3]));
    expect(Array.from(dx.data)).toEqual(dxBefore);
    lean.zeroGrad();
    lean.backwardParams(dy);
    full
      .parameters()
      .forEach((p, i) => expect(Array.from(lean.parameters()[i].grad), p.name).toEqual(Array.from(p.grad)));
  });
});
