import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { newParam } from '../../src/nn/param';
import { SGD } from '../../src/optim/sgd';
import { describeEachBackend } from '../helpers/backends';
import { uniform, worstRatio } from '../helpers/random';

// torch.optim.SGD written out here: g = ∇ + λw; v = first ? g : μv + g; w −= lr·(nesterov ? g + μv : v).
function reference(w0: Float32Array, grads: Float32Array[], lr: number, mu: number, wd: number, nesterov: boolean) {
  const w = Float64Array.from(w0),
    v = new Float64Array(w.length);
  grads.forEach((gr, t) => {
    for (let i = 0; i < w.length; i++) {
      const g = gr[i] + wd * w[i];
      v[i] = t === 0 ? g : mu * v[i] + g;
      w[i] -= lr * (mu === 0 ? g : nesterov ? g + mu * v[i] : v[i]);
    }
  });
  return w;
}

describeEachBackend('SGD', (b) => {
  for (const [mu, wd, nesterov] of [
    [0, 0, false],
    [0.9, 0, false],
    [0.9, 5e-4, true],
    [0.5, 0.1, false],
  ] as const) {
    it(`matches torch's update over 4 steps (momentum ${mu}, weightDecay ${wd}, nesterov ${nesterov})`, () => {
      setBackend(b.name);
      const p = newParam('w', [37], 'float32');
      p.value.set(uniform(37, 1));
      const w0 = Float32Array.from(p.value),
        grads = [1, 2, 3, 4].map((s) => uniform(37, 10 + s));
      const opt = new SGD({ lr: 0.05, momentum: mu, weightDecay: wd, nesterov });
      for (const g of grads) {
        p.grad.set(g);
        opt.step([p]);
      }
      expect(worstRatio(p.value, reference(w0, grads, 0.05, mu, wd, nesterov), 1e-6, 1e-5)).toBeLessThanOrEqual(1);
    });
  }
});

it('SGD: state()/loadState() resume exactly; lr is settable; bad options are errors', () => {
  const make = () => {
    const p = newParam('0.weight', [5], 'float64');
    p.value.set([1, 2, 3, 4, 5]);
    return p;
  };
  const a = make(),
    b = make(),
    g = [0.1, -0.2, 0.3, 0, 1];
  const oa = new SGD({ lr: 0.1, momentum: 0.9 }),
    ob = new SGD({ lr: 0.1, momentum: 0.9 });
  for (let t = 0; t < 3; t++) {
    a.grad.set(g);
    oa.step([a]);
  }
  b.value.set(a.value);
  ob.loadState(oa.state());
  a.grad.set(g);
  oa.step([a]);
  b.grad.set(g);
  ob.step([b]);
  expect(Array.from(b.value)).toEqual(Array.from(a.value));
  oa.lr = 0.01;
  expect(oa.lr).toBe(0.01);
  expect(() => {
    oa.lr = NaN;
  }).toThrow(/lr/);
  expect(() => new SGD({ lr: 0.1, nesterov: true })).toThrow(/nesterov needs momentum/);
  expect(() => new SGD({ lr: -1 })).toThrow(/lr must be/);
  const z = make();
  new SGD({ lr: 1 }).zeroGrad([Object.assign(z, { grad: Float64Array.from([1, 2, 3, 4, 5]) })]);
  expect(z.grad.every((v) => v === 0)).toBe(true);
});
