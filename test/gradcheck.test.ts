import { expect, it } from 'vitest';
import { gradCheck } from '../src/gradcheck';
import { Dense } from '../src/nn/dense';
import { Dropout } from '../src/nn/dropout';
import type { LayerConfig } from '../src/nn/layer';
import { Layer } from '../src/nn/layer';
import { registerLayer } from '../src/nn/registry';
import { Chain } from '../src/nn/chain';
import { Tensor } from '../src/tensor';
import { input64 } from './nn/helpers';

// y = x², with a backward that is wrong by `err` (relative): the check must see it.
class Square extends Layer {
  private x: Tensor | undefined;
  constructor(readonly err = 0) {
    super();
  }
  describe(): string {
    return 'Square';
  }
  forward(x: Tensor): Tensor {
    this.x = x;
    return Tensor.from(
      Array.from(x.data, (v) => v * v),
      x.shape,
      x.dtype,
    );
  }
  backward(dy: Tensor): Tensor {
    const x = this.x as Tensor;
    return Tensor.from(
      Array.from(dy.data, (d, i) => d * 2 * x.data[i] * (1 + this.err)),
      x.shape,
      x.dtype,
    );
  }
  config(): LayerConfig {
    return { type: 'Square', err: this.err };
  }
}
registerLayer('Square', (c) => new Square(c.err as number));

it('gradCheck passes a correct layer and reports where a wrong one fails', () => {
  const x = input64(3, 4, 1);
  expect(gradCheck(new Square(), x).maxRelError).toBeLessThan(1e-7);
  const bad = gradCheck(new Square(1e-4), x);
  expect(bad.maxRelError).toBeGreaterThan(5e-5);
  expect(bad.where).toMatch(/^input\[\d+\]$/);
  const broken = gradCheck(new Chain([new Dense(4, 2, { seed: 1 }), new Square(0.01)]), x);
  expect(broken.maxRelError).toBeGreaterThan(1e-3);
  expect(Object.keys(broken.perArray)).toEqual(['input', '0.weight', '0.bias']);
});

it('gradCheck works on a float32 layer through a float64 copy and leaves the layer untouched', () => {
  const d = new Dense(4, 3, { seed: 2 });
  const before = Float32Array.from(d.weight.value);
  const r = gradCheck(d, Tensor.from(input64(2, 4, 3).data, [2, 4]));
  expect(r.maxRelError).toBeLessThan(1e-6);
  expect(Array.from(d.weight.value)).toEqual(Array.from(before));
  expect(d.weight.grad.every((v) => v === 0)).toBe(true);
});

it('gradCheck freezes dropout masks, so a network with dropout in training mode checks', () => {
  const net = new Chain([new Dense(5, 4, { seed: 3 }), new Dropout(0.3, { seed: 1 }), new Dense(4, 2, { seed: 4 })]);
  expect(gradCheck(net, input64(6, 5, 5), { training: true }).maxRelError).toBeLessThan(1e-6);
});

it('gradCheck with a loss: L = softmax cross-entropy of the network output', async () => {
  const { SoftmaxCrossEntropy } = await import('../src/losses');
  const net = new Chain([new Dense(5, 4, { seed: 7 }), new Dense(4, 3, { seed: 8 })]);
  const r = gradCheck(net, input64(6, 5, 2), {
    loss: { loss: new SoftmaxCrossEntropy(), targets: [0, 1, 2, 2, 1, 0] },
  });
  expect(r.maxRelError).toBeLessThan(1e-6);
  expect(r.checked).toBe(30 + 20 + 4 + 12 + 3);
});
