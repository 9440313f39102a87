import { expect, it } from 'vitest';
import * as init from '../src/init';
import { Rng } from '../src/random';

const N = 100_000;
const stats = (v: Float64Array) => {
  const mean = v.reduce((a, x) => a + x, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, x) => a + (x - mean) ** 2, 0) / v.length);
  return { mean, std };
};

// [name, fanIn, fanOut, expected std from the formula, uniform?]
const FAN_IN = 250,
  FAN_OUT = 400; // shape [400, 250] = 100k values
const CASES: [init.InitName, number, boolean][] = [
  ['small-normal', 0.01, false],
  ['unit-normal', 1, false],
  ['xavier', 1 / Math.sqrt(FAN_IN), false],
  ['xavier-uniform', 1 / Math.sqrt(FAN_IN), true],
  ['glorot', Math.sqrt(2 / (FAN_IN + FAN_OUT)), false],
  ['glorot-uniform', Math.sqrt(2 / (FAN_IN + FAN_OUT)), true],
  ['he', Math.sqrt(2 / FAN_IN), false],
  ['he-uniform', Math.sqrt(2 / FAN_IN), true],
  ['lecun', 1 / Math.sqrt(FAN_IN), false],
  ['lecun-uniform', 1 / Math.sqrt(FAN_IN), true],
  ['orthogonal', 1 / Math.sqrt(FAN_OUT), false], // [400, 250] is tall: 250 unit columns of length 400, variance 1/400
];

it('each policy draws 100k values with mean ≈ 0 and the std of its formula (within 1 %)', () => {
  for (const [name, std, isUniform] of CASES) {
    const v = init.initFromName(name)([FAN_OUT, FAN_IN], FAN_IN, FAN_OUT, new Rng(7));
    expect(v.length).toBe(N);
    const s = stats(v);
    expect(Math.abs(s.mean), name).toBeLessThan((4 * std) / Math.sqrt(N) + 1e-12);
    expect(Math.abs(s.std / std - 1), name).toBeLessThan(0.01);
    const max = v.reduce((a, x) => Math.max(a, Math.abs(x)), 0);
    if (isUniform)
      expect(max, name).toBeLessThanOrEqual(Math.sqrt(3) * std); // bounded by √3·std
    else if (name !== 'orthogonal') expect(max, name).toBeGreaterThan(3.5 * std); // Gaussian tails
  }
});

it('zeros, constant and uniform(lo, hi)', () => {
  const r = new Rng(1);
  expect(init.zeros([3, 2], 2, 3, r).every((v) => v === 0)).toBe(true);
  expect(Array.from(init.constant(0.5)([4], 1, 1, r))).toEqual([0.5, 0.5, 0.5, 0.5]);
  const u = init.uniform(2, 4)([N], 1, 1, r),
    s = stats(u);
  expect(s.mean).toBeCloseTo(3, 2);
  expect(s.std / (2 / Math.sqrt(12))).toBeCloseTo(1, 2);
});

it('orthogonal: rows orthonormal when wide, columns orthonormal when tall', () => {
  for (const [rows, cols] of [
    [3, 7],
    [7, 3],
    [5, 5],
  ]) {
    const w = init.orthogonal()([rows, cols], cols, rows, new Rng(3));
    const [k, dot] =
      rows <= cols
        ? [
            rows,
            (a: number, b: number) =>
              Array.from({ length: cols }, (_, i) => w[a * cols + i] * w[b * cols + i]).reduce((s, x) => s + x),
          ]
        : [
            cols,
            (a: number, b: number) =>
              Array.from({ length: rows }, (_, i) => w[i * cols + a] * w[i * cols + b]).reduce((s, x) => s + x),
          ];
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) expect(dot(a, b)).toBeCloseTo(a === b ? 1 : 0, 10);
  }
});

it('same seed, same values; a wrong name lists the valid ones', () => {
  expect(Array.from(init.heNormal([10], 5, 2, new Rng(9)))).toEqual(Array.from(init.heNormal([10], 5, 2, new Rng(9))));
  expect(() => init.initFromName('kaiming')).toThrow(
    /unknown init "kaiming"; valid: zeros, small-normal, unit-normal, xavier.*orthogonal/,
  );
});
