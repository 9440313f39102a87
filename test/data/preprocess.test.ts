// Preprocessing against naive formulas written here: means, stds, PCA eigen-pairs, whitening.
import { describe, expect, it } from 'vitest';
import { center, PCA, Pipeline, preprocessorFromJSON, standardize, symmetricEigen } from '../../src/data';
import { Tensor } from '../../src/tensor';
import { rng } from '../helpers/random';

function randomX(n: number, d: number, seed: number): Tensor {
  const r = rng(seed);
  // correlated columns with different scales and offsets
  const x = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const z = r() * 2 - 1;
    for (let j = 0; j < d; j++) x[i * d + j] = (j + 1) * (z + 0.5 * (r() - 0.5)) + 3 * j;
  }
  return new Tensor(x, [n, d]);
}

function colStats(x: Tensor): { mean: number[]; std: number[] } {
  const mean = Array(x.cols).fill(0);
  const std = Array(x.cols).fill(0);
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < x.cols; j++) mean[j] += x.data[i * x.cols + j] / x.rows;
  for (let i = 0; i < x.rows; i++)
    for (let j = 0; j < x.cols; j++) std[j] += (x.data[i * x.cols + j] - mean[j]) ** 2 / x.rows;
  return { mean, std: std.map(Math.sqrt) };
}

describe('preprocessing', () => {
  it('standardize per feature gives mean 0, std 1 on the data it was fitted on', () => {
    const x = randomX(200, 4, 1);
    const { mean, std } = colStats(standardize().fit(x).transform(x));
    for (const m of mean) expect(Math.abs(m)).toBeLessThan(1e-5);
    for (const s of std) expect(s).toBeCloseTo(1, 4);
  });
  it('uses training statistics on other data (fitted on train only)', () => {
    const train = randomX(100, 3, 1);
    const s = standardize().fit(train);
    const one = new Tensor(new Float32Array([0, 0, 0]), [1, 3]);
    const { mean, std } = colStats(train);
    const out = s.transform(one);
    for (let j = 0; j < 3; j++) expect(out.data[j]).toBeCloseTo(-mean[j] / std[j], 4);
  });
  it('centers with one global mean, and per channel for [C, H, W]', () => {
    const x = new Tensor(new Float32Array([1, 2, 10, 20, 3, 4, 30, 40]), [2, 4]);
    const g = center('global').fit(x).transform(x);
    expect([...g.data]).toEqual([1, 2, 10, 20, 3, 4, 30, 40].map((v) => v - 13.75));
    const c = center('channel').fit(x, [2, 1, 2]).transform(x);
    expect([...c.data]).toEqual([-1.5, -0.5, -15, -5, 0.5, 1.5, 5, 15]);
    expect(() => center('channel').fit(x)).toThrow(/per-channel statistics need sampleShape \[C, H, W\]/);
  });
  it('constant features do not produce NaN', () => {
    const x = new Tensor(new Float32Array([5, 1, 5, 2]), [2, 2]);
    const out = standardize().fit(x).transform(x);
    expect([...out.data]).toEqual([0, -1, 0, 1]);
  });
  it('symmetricEigen satisfies A·v = λ·v', () => {
    const d = 6;
    const r = rng(4);
    const a = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let j = i; j < d; j++) a[i * d + j] = a[j * d + i] = r() - 0.5;
    const { values, vectors } = symmetricEigen(a, d);
    for (let k = 0; k < d; k++)
      for (let i = 0; i < d; i++) {
        let av = 0;
        for (let j = 0; j < d; j++) av += a[i * d + j] * vectors[j * d + k];
        expect(av).toBeCloseTo(values[k] * vectors[i * d + k], 10);
      }
  });
  it('PCA with whitening gives uncorrelated unit-variance components, largest first', () => {
    const x = randomX(500, 5, 2);
    const p = new PCA(3, true).fit(x);
    const ev = p.explainedVariance();
    expect(ev[0]).toBeGreaterThanOrEqual(ev[1]);
    const z = p.transform(x);
    expect(z.shape).toEqual([500, 3]);
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++) {
        let s = 0;
        for (let i = 0; i < 500; i++) s += (z.data[i * 3 + a] * z.data[i * 3 + b]) / 500;
        expect(s).toBeCloseTo(a === b ? 1 : 0, 3);
      }
  });
  it('round-trips through JSON with identical outputs', () => {
    const x = randomX(50, 4, 3);
    const pipe = new Pipeline([standardize(), new PCA(2)]).fit(x);
    const again = preprocessorFromJSON(JSON.parse(JSON.stringify(pipe.toJSON())));
    expect(again.transform(x).data).toEqual(pipe.transform(x).data);
    expect(() => preprocessorFromJSON({ kind: 'zca' } as never)).toThrow(/unknown kind "zca"/);
  });
});
