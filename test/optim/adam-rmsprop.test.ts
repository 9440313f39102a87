import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { newParam } from '../../src/nn/param';
import { Adam } from '../../src/optim/adam';
import { RMSProp } from '../../src/optim/rmsprop';
import { describeEachBackend } from '../helpers/backends';
import { uniform, worstRatio } from '../helpers/random';

// The update rules written out here (Kingma & Ba Algorithm 1 with torch's ε placement; torch RMSprop).
function adamRef(w0: Float32Array, grads: Float32Array[], lr: number, b1: number, b2: number, eps: number, wd: number) {
  const w = Float64Array.from(w0),
    m = new Float64Array(w.length),
    v = new Float64Array(w.length);
  grads.forEach((gr, k) => {
    const t = k + 1;
    for (let i = 0; i < w.length; i++) {
      const g = gr[i] + wd * w[i];
      m[i] = b1 * m[i] + (1 - b1) * g;
      v[i] = b2 * v[i] + (1 - b2) * g * g;
      const mHat = m[i] / (1 - b1 ** t),
        vHat = v[i] / (1 - b2 ** t);
      w[i] -= (lr * mHat) / (Math.sqrt(vHat) + eps);
    }
  });
  return w;
}

function rmspropRef(
  w0: Float32Array,
  grads: Float32Array[],
  lr: number,
  alpha: number,
  eps: number,
  mu: number,
  wd: number,
) {
  const w = Float64Array.from(w0),
    s = new Float64Array(w.length),
    b = new Float64Array(w.length);
  for (const gr of grads) {
    for (let i = 0; i < w.length; i++) {
      const g = gr[i] + wd * w[i];
      s[i] = alpha * s[i] + (1 - alpha) * g * g;
      b[i] = mu * b[i] + g / (Math.sqrt(s[i]) + eps);
      w[i] -= lr * (mu > 0 ? b[i] : g / (Math.sqrt(s[i]) + eps));
    }
  }
  return w;
}

function run(opt: Adam | RMSProp, w0: Float32Array, grads: Float32Array[]) {
  const p = newParam('w', [w0.length], 'float32');
  p.value.set(w0);
  for (const g of grads) {
    p.grad.set(g);
    opt.step([p]);
  }
  return p.value;
}

describeEachBackend('Adam and RMSProp', (b) => {
  const w0 = uniform(29, 1),
    grads = [1, 2, 3, 4, 5].map((s) => uniform(29, 20 + s, -2, 2));
  for (const wd of [0, 0.01]) {
    it(`Adam matches the update rule over 5 steps (weightDecay ${wd})`, () => {
      setBackend(b.name);
      const got = run(new Adam({ lr: 0.01, weightDecay: wd }), w0, grads);
      expect(worstRatio(got, adamRef(w0, grads, 0.01, 0.9, 0.999, 1e-8, wd), 1e-6, 1e-5)).toBeLessThanOrEqual(1);
    });
  }
  for (const [mu, wd] of [
    [0, 0],
    [0.9, 0.01],
  ]) {
    it(`RMSProp matches the update rule over 5 steps (momentum ${mu}, weightDecay ${wd})`, () => {
      setBackend(b.name);
      const got = run(new RMSProp({ lr: 0.01, momentum: mu, weightDecay: wd }), w0, grads);
      expect(worstRatio(got, rmspropRef(w0, grads, 0.01, 0.99, 1e-8, mu, wd), 1e-6, 1e-5)).toBeLessThanOrEqual(1);
    });
  }
});

it('Adam and RMSProp: state() round-trips through loadState by parameter name; bad options are errors', () => {
  for (const make of [() => new Adam({ lr: 0.1 }), () => new RMSProp({ lr: 0.1, momentum: 0.5 })]) {
    const a = newParam('x', [3], 'float64'),
      b = newParam('x', [3], 'float64');
    a.value.set([1, 2, 3]);
    const oa = make(),
      ob = make();
    for (let t = 0; t < 3; t++) {
      a.grad.set([0.5, -1, 2]);
      oa.step([a]);
    }
    b.value.set(a.value);
    ob.loadState(oa.state());
    a.grad.set([0.5, -1, 2]);
    oa.step([a]);
    b.grad.set([0.5, -1, 2]);
    ob.step([b]);
    expect(Array.from(b.value)).toEqual(Array.from(a.value));
    expect(() => make().loadState({ type: 'SGD', lr: 1, slots: {} })).toThrow(/state is for "SGD"/);
  }
  expect(() => new Adam({ beta1: 1 })).toThrow(/beta1 must be in \[0, 1\)/);
  expect(() => new RMSProp({ alpha: -0.1 })).toThrow(/alpha/);
});
