import { expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/backends';
import { uniform, worstRatio } from '../helpers/random';
import type { ElementwiseActivation } from '../../src/backend/types';

// Each formula written out here, in float64, independent of the backends.
const FORWARD: Record<ElementwiseActivation, (x: number, p: number) => number> = {
  identity: (x) => x,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: (x) => (Math.exp(x) - Math.exp(-x)) / (Math.exp(x) + Math.exp(-x)),
  relu: (x) => Math.max(0, x),
  'leaky-relu': (x, s) => (x > 0 ? x : s * x),
  elu: (x, a) => (x > 0 ? x : a * (Math.exp(x) - 1)),
};
const DERIVATIVE: Record<ElementwiseActivation, (x: number, p: number) => number> = {
  identity: () => 1,
  sigmoid: (x) => Math.exp(-x) / (1 + Math.exp(-x)) ** 2,
  tanh: (x) => 4 / (Math.exp(x) + Math.exp(-x)) ** 2,
  relu: (x) => (x > 0 ? 1 : 0),
  'leaky-relu': (x, s) => (x > 0 ? 1 : s),
  elu: (x, a) => (x > 0 ? 1 : a * Math.exp(x)),
};
const PARAM: Record<ElementwiseActivation, number> = {
  identity: 0,
  sigmoid: 0,
  tanh: 0,
  relu: 0,
  'leaky-relu': 0.1,
  elu: 1,
};

describeEachBackend('activations', (b) => {
  for (const kind of Object.keys(FORWARD) as ElementwiseActivation[]) {
    for (const n of [1, 7, 16, 17, 64, 1000]) {
      it(`${kind} forward and backward match the formula (n = ${n})`, () => {
        const x = uniform(n, n, -6, 6),
          dy = uniform(n, n + 1);
        const y = new Float32Array(n),
          dx = new Float32Array(n),
          p = PARAM[kind];
        b.activationForward(kind, x, y, p);
        b.activationBackward(kind, x, y, dy, dx, p);
        expect(
          worstRatio(
            y,
            Array.from(x, (v) => FORWARD[kind](v, p)),
            1e-6,
            1e-5,
          ),
        ).toBeLessThanOrEqual(1);
        expect(
          worstRatio(
            dx,
            Array.from(x, (v, i) => dy[i] * DERIVATIVE[kind](v, p)),
            1e-6,
            1e-4,
          ),
        ).toBeLessThanOrEqual(1);
      });
    }
    it(`${kind} works in place and propagates NaN`, () => {
      const x = new Float32Array([-2, NaN, 3]),
        y = new Float32Array(3);
      b.activationForward(kind, x, y, PARAM[kind]);
      expect(Number.isNaN(y[1])).toBe(true);
      b.activationForward(kind, x, x, PARAM[kind]);
      expect(Array.from(x)).toEqual(Array.from(y));
    });
  }

  it('prelu: shared and per-channel slopes, with the slope gradient', () => {
    const rows = 5,
      cols = 3,
      x = uniform(rows * cols, 3),
      dy = uniform(rows * cols, 4);
    for (const slope of [new Float32Array([0.25]), new Float32Array([0.1, 0.2, 0.3])]) {
      const y = new Float32Array(rows * cols),
        dx = new Float32Array(rows * cols);
      const dslope = new Float32Array(slope.length).fill(1); // accumulates onto what is there
      b.preluForward(rows, cols, x, slope, y);
      b.preluBackward(rows, cols, x, dy, slope, dx, dslope);
      const want = new Float64Array(slope.length).fill(1);
      for (let i = 0; i < rows * cols; i++) {
        const a = slope.length === 1 ? slope[0] : slope[i % cols];
        expect(y[i]).toBeCloseTo(x[i] > 0 ? x[i] : a * x[i], 6);
        expect(dx[i]).toBeCloseTo(x[i] > 0 ? dy[i] : a * dy[i], 6);
        if (x[i] <= 0) want[slope.length === 1 ? 0 : i % cols] += dy[i] * x[i];
      }
      expect(worstRatio(dslope, want, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
    }
  });

  it('maxGroups picks the max of each group and routes the gradient to it', () => {
    const rows = 4,
      groups = 3,
      k = 5,
      x = uniform(rows * groups * k, 9);
    const y = new Float32Array(rows * groups),
      argmax = new Int32Array(rows * groups);
    b.maxGroupsForward(rows, groups, k, x, y, argmax);
    const dy = uniform(rows * groups, 10),
      dx = new Float32Array(rows * groups * k).fill(7);
    b.maxGroupsBackward(rows, groups, k, dy, argmax, dx);
    for (let i = 0; i < rows * groups; i++) {
      const group = Array.from(x.subarray(i * k, i * k + k));
      expect(y[i]).toBe(Math.max(...group));
      expect(argmax[i]).toBe(group.indexOf(Math.max(...group)));
      for (let j = 0; j < k; j++) expect(dx[i * k + j]).toBe(j === argmax[i] ? dy[i] : 0);
    }
  });
});
