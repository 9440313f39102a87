import { expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/backends';
import { uniform, worstRatio } from '../helpers/random';

describeEachBackend('elementwise', (b) => {
  it('addBias broadcasts over rows; sumRows sums them (and accumulates on request)', () => {
    const rows = 5,
      cols = 17,
      y = uniform(rows * cols, 1),
      bias = uniform(cols, 2),
      before = y.slice();
    b.addBias(rows, cols, y, bias);
    for (let i = 0; i < rows * cols; i++) expect(y[i]).toBeCloseTo(before[i] + bias[i % cols], 6);
    const out = new Float32Array(cols).fill(3);
    b.sumRows(rows, cols, before, out, false);
    const want = Array.from({ length: cols }, (_, c) =>
      Array.from({ length: rows }, (_, r) => before[r * cols + c]).reduce((a, v) => a + v),
    );
    expect(worstRatio(out, want, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
    b.sumRows(rows, cols, before, out, true);
    expect(
      worstRatio(
        out,
        want.map((v) => 2 * v),
        1e-6,
        1e-5,
      ),
    ).toBeLessThanOrEqual(1);
  });

  it('axpy and scale', () => {
    const x = uniform(33, 3),
      y = uniform(33, 4),
      y0 = y.slice();
    b.axpy(33, 0.5, x, y);
    for (let i = 0; i < 33; i++) expect(y[i]).toBeCloseTo(y0[i] + 0.5 * x[i], 6);
    b.scale(33, -2, y);
    for (let i = 0; i < 33; i++) expect(y[i]).toBeCloseTo(-2 * (y0[i] + 0.5 * x[i]), 5);
  });

  it('sgdStep follows torch.optim.SGD (momentum, Nesterov, weight decay) over three steps', () => {
    for (const nesterov of [false, true]) {
      const n = 9,
        lr = 0.1,
        mu = 0.9,
        wd = 0.01;
      const w = uniform(n, 5),
        v = new Float32Array(n),
        grads = [uniform(n, 6), uniform(n, 7), uniform(n, 8)];
      const wRef = Array.from(w),
        vRef = new Array(n).fill(0);
      grads.forEach((g, step) => {
        b.sgdStep(n, w, g, v, lr, mu, wd, nesterov, step === 0);
        for (let i = 0; i < n; i++) {
          const gi = g[i] + wd * wRef[i];
          vRef[i] = step === 0 ? gi : mu * vRef[i] + gi;
          wRef[i] -= lr * (nesterov ? gi + mu * vRef[i] : vRef[i]);
        }
      });
      expect(worstRatio(w, wRef, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
    }
  });

  it('adamStep follows torch.optim.Adam over three steps', () => {
    const n = 9,
      lr = 1e-2,
      b1 = 0.9,
      b2 = 0.999,
      eps = 1e-8,
      wd = 0.001;
    const w = uniform(n, 9),
      m = new Float32Array(n),
      v = new Float32Array(n);
    const wRef = Array.from(w),
      mRef = new Array(n).fill(0),
      vRef = new Array(n).fill(0);
    for (let t = 1; t <= 3; t++) {
      const g = uniform(n, 10 + t);
      b.adamStep(n, w, g, m, v, lr, b1, b2, eps, wd, t);
      for (let i = 0; i < n; i++) {
        const gi = g[i] + wd * wRef[i];
        mRef[i] = b1 * mRef[i] + (1 - b1) * gi;
        vRef[i] = b2 * vRef[i] + (1 - b2) * gi * gi;
        const mHat = mRef[i] / (1 - b1 ** t),
          vHat = vRef[i] / (1 - b2 ** t);
        wRef[i] -= (lr * mHat) / (Math.sqrt(vHat) + eps);
      }
    }
    expect(worstRatio(w, wRef, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
  });
});
