import { expect, it } from 'vitest';
import { cosineDecay, exponentialDecay, linearWarmup, scheduleFromName, stepDecay } from '../../src/optim/schedules';

it('step, exponential, cosine and warm-up follow their formulas', () => {
  const s = stepDecay(0.1, 10, 0.5);
  expect([0, 9, 10, 25].map(s)).toEqual([0.1, 0.1, 0.05, 0.025]);
  expect(exponentialDecay(1, 0.9)(3)).toBeCloseTo(0.729, 12);
  const c = cosineDecay(0.2, 100, 0.02);
  expect(c(0)).toBeCloseTo(0.2, 12);
  expect(c(50)).toBeCloseTo(0.11, 12);
  expect(c(100)).toBeCloseTo(0.02, 12);
  expect(c(150)).toBeCloseTo(0.02, 12);
  const w = linearWarmup(0.3, 3, undefined, 1 / 3);
  expect([0, 1, 2, 3, 10].map(w).map((v) => +v.toFixed(12))).toEqual([0.1, 0.166666666667, 0.233333333333, 0.3, 0.3]);
});

it('names users type map to the same schedules; wrong names and missing totals are clear errors', () => {
  expect(scheduleFromName('cosine', { lr: 0.1, total: 10 })(5)).toBeCloseTo(cosineDecay(0.1, 10)(5), 12);
  expect(scheduleFromName('step', { lr: 1, total: 9 })(3)).toBeCloseTo(0.1, 12);
  const wc = scheduleFromName('warmup-cosine', { lr: 1, total: 20 });
  expect(wc(0)).toBeLessThan(wc(1));
  expect(wc(2)).toBeCloseTo(1, 12);
  expect(wc(20)).toBeCloseTo(0, 12);
  expect(scheduleFromName('constant', { lr: 0.5 })(1000)).toBe(0.5);
  expect(() => scheduleFromName('linear', { lr: 1 })).toThrow(
    /unknown schedule "linear"; valid: constant, step, exponential, cosine, warmup-cosine/,
  );
  expect(() => scheduleFromName('cosine', { lr: 1 })).toThrow(/needs total/);
  expect(() => stepDecay(0.1, 0)).toThrow(/every must be/);
  expect(() => cosineDecay(0.1, 10)(-1)).toThrow(/step must be/);
});
