// Activation statistics against naive formulas written here, and the init failure-mode findings.
// Pure functions on arrays: no backend involved.
import { describe, expect, it } from 'vitest';
import { activationFindings, activationStats, identicalRowsFraction } from '../../src/babysit/activation-stats';
import { uniform } from '../helpers/random';

describe('activationStats', () => {
  it('mean, std, dead and saturated fractions', () => {
    const rows = 4,
      units = 3;
    // unit 0 dead (≤ 0 everywhere), units 1, 2 alive
    const y = Float32Array.from([0, 1, 2, 0, 3, 0, 0, 0.5, 1, 0, 2, 4]);
    const s = activationStats('relu', 'relu', y, rows, units);
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    const std = Math.sqrt(y.reduce((a, b) => a + (b - mean) ** 2, 0) / y.length);
    expect(s.mean).toBeCloseTo(mean, 6);
    expect(s.std).toBeCloseTo(std, 6);
    expect(s.deadFraction).toBeCloseTo(1 / 3, 12);
    // tanh |y| > 0.99 and sigmoid y < 0.01 or > 0.99: the values just inside the bounds do not count
    const t = activationStats('tanh', 'tanh', Float32Array.from([0.995, -0.999, 0.95, -0.95, 0.5, 0]), 2, 3);
    expect(t.saturatedFraction).toBeCloseTo(2 / 6, 12);
    const g = activationStats('sig', 'sigmoid', Float32Array.from([0.005, 0.995, 0.02, 0.98, 0.5, 0.5]), 2, 3);
    expect(g.saturatedFraction).toBeCloseTo(2 / 6, 12);
    expect(activationStats('r', 'relu', Float32Array.from([0, 5, 0.999, 0.005]), 2, 2).saturatedFraction).toBe(0);
  });

  it('finds identical, non-constant units', () => {
    const rows = 5,
      units = 4;
    const y = new Float32Array(rows * units);
    const col = uniform(rows, 7);
    const other = uniform(rows, 8);
    for (let r = 0; r < rows; r++) {
      y[r * units] = col[r];
      y[r * units + 1] = other[r];
      y[r * units + 2] = col[r];
    }
    // unit 3 is constant 0: not counted as a twin
    expect(activationStats('x', 'other', y, rows, units).identicalFraction).toBe(0.5);
    expect(activationStats('x', 'other', uniform(rows * units, 9), rows, units).identicalFraction).toBe(0);
  });

  it('identical weight rows', () => {
    expect(identicalRowsFraction(new Float32Array(12), 3, 4)).toBe(1);
    expect(identicalRowsFraction(uniform(12, 3), 3, 4)).toBe(0);
    const w = uniform(12, 3);
    w.copyWithin(8, 0, 4); // row 2 = row 0
    expect(identicalRowsFraction(w, 3, 4)).toBeCloseTo(2 / 3, 12);
  });
});

describe('activationFindings', () => {
  const stats = (layer: string, o: Partial<ReturnType<typeof activationStats>>) =>
    ({
      layer,
      kind: 'relu',
      units: 10,
      mean: 0,
      std: 1,
      deadFraction: 0,
      saturatedFraction: 0,
      identicalFraction: 0,
      ...o,
    }) as const;

  it('healthy layers give nothing', () => {
    expect(activationFindings([stats('a', {}), stats('b', { deadFraction: 0.15 }), stats('c', { std: 0.5 })])).toEqual(
      [],
    );
  });
  it('each failure mode has its id', () => {
    const ids = (f: ReturnType<typeof activationFindings>) => f.map((x) => x.id);
    expect(ids(activationFindings([stats('a', { kind: 'tanh' as never, saturatedFraction: 0.6 })]))).toEqual([
      'saturation',
    ]);
    expect(ids(activationFindings([stats('a', { deadFraction: 0.7 })]))).toEqual(['dead-relu']);
    expect(
      ids(activationFindings([stats('a', { std: 0.3 }), stats('b', { std: 0.02 }), stats('c', { std: 1e-3 })])),
    ).toEqual(['vanishing-activations']);
    // symmetry is the root cause: it hides what follows from it
    expect(
      ids(activationFindings([stats('a', { std: 0, deadFraction: 1 })], [{ name: 'W', identicalFraction: 1 }])),
    ).toEqual(['symmetric-init']);
  });
});
