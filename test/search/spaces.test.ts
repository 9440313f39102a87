// Spaces and sampling: distributions checked against their definitions, seeds reproduce, bad specs are clear errors.
// Pure search logic, independent of the kernel backend (so not describeEachBackend).
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/random';
import { gridConfigs } from '../../src/search/grid';
import { randomConfigs } from '../../src/search/random';
import { choice, intRange, logUniform, parseSpace, sample, uniform } from '../../src/search/spaces';

describe('search spaces', () => {
  it('logUniform spreads evenly over decades: each of 4 decades gets about a quarter', () => {
    const space = { lr: logUniform(1e-4, 1) };
    const rng = new Rng(1);
    const perDecade = [0, 0, 0, 0];
    const n = 8000;
    for (let i = 0; i < n; i++) {
      const lr = sample(space, rng).lr as number;
      expect(lr).toBeGreaterThanOrEqual(1e-4);
      expect(lr).toBeLessThan(1);
      perDecade[Math.floor(Math.log10(lr) + 4)]++;
    }
    for (const c of perDecade) expect(Math.abs(c / n - 0.25)).toBeLessThan(0.02);
  });

  it('uniform, intRange and choice cover their ranges and stay inside', () => {
    const space = { m: uniform(0.5, 0.9), h: intRange(3, 6), act: choice(['relu', 'tanh']) };
    const rng = new Rng(2);
    const hs = new Set<number>();
    const acts = new Set<string>();
    let sum = 0;
    for (let i = 0; i < 4000; i++) {
      const c = sample(space, rng);
      expect(c.m).toBeGreaterThanOrEqual(0.5);
      expect(c.m).toBeLessThan(0.9);
      sum += c.m as number;
      expect(Number.isInteger(c.h)).toBe(true);
      hs.add(c.h as number);
      acts.add(c.act as string);
    }
    expect(Math.abs(sum / 4000 - 0.7)).toBeLessThan(0.01);
    expect([...hs].sort()).toEqual([3, 4, 5, 6]);
    expect([...acts].sort()).toEqual(['relu', 'tanh']);
  });

  it('the same seed gives the same configurations; another seed, others', () => {
    const space = parseSpace('{"lr":["log",1e-4,1],"reg":["log",1e-6,1e-2],"hidden":["int",32,256]}');
    expect(randomConfigs(space, 10, 7)).toEqual(randomConfigs(space, 10, 7));
    expect(randomConfigs(space, 10, 7)).not.toEqual(randomConfigs(space, 10, 8));
  });

  it('parseSpace reads the CLI form; a bare array of numbers is a choice, a bare value is fixed', () => {
    const s = parseSpace(
      '{"lr":["log",0.001,0.1],"m":["uniform",0,0.9],"h":["int",1,3],"act":["choice","relu","elu"],"bs2":[32,64],"bs":64}',
    );
    expect(s).toEqual({
      lr: { kind: 'log', lo: 0.001, hi: 0.1 },
      m: { kind: 'uniform', lo: 0, hi: 0.9 },
      h: { kind: 'int', lo: 1, hi: 3 },
      act: { kind: 'choice', values: ['relu', 'elu'] },
      bs2: { kind: 'choice', values: [32, 64] },
      bs: { kind: 'choice', values: [64] },
    });
  });

  it('bad specs name the hyperparameter and what was expected', () => {
    expect(() => parseSpace('{"lr":["log",0,1]}')).toThrow(
      /space\.lr: logUniform: lo must be > 0 on a log scale, got 0/,
    );
    expect(() => parseSpace('{"lr":["log",1,0.1]}')).toThrow(/space\.lr: logUniform: lo must be ≤ hi/);
    expect(() => parseSpace('{"lr":["exp",1,2]}')).toThrow(
      /space\.lr: kind must be "log", "uniform", "int" or "choice", got "exp"/,
    );
    expect(() => parseSpace('{"lr":["log",1]}')).toThrow(/space\.lr: "log" needs two numbers \[lo, hi\]/);
    expect(() => parseSpace('{"h":["int",1.5,3]}')).toThrow(/space\.h: intRange: lo and hi must be whole numbers/);
    expect(() => parseSpace('[1,2]')).toThrow(/space: must be a JSON object/);
    expect(() => parseSpace('{lr:1}')).toThrow(/space: not valid JSON/);
    expect(() => choice([])).toThrow(/choice: needs a non-empty array/);
  });

  it('grid: ⌊n^(1/d)⌋ levels per dimension at cell centres, log-spaced on log dimensions', () => {
    const grid = gridConfigs({ lr: logUniform(1e-4, 1), m: uniform(0, 1) }, 17);
    expect(grid).toHaveLength(16);
    const lrs = [...new Set(grid.map((c) => c.lr as number))].sort((a, b) => a - b);
    expect(lrs.map((v) => Math.log10(v))).toEqual([-3.5, -2.5, -1.5, -0.5].map((v) => expect.closeTo(v, 12)));
    expect([...new Set(grid.map((c) => c.m))].sort()).toEqual([0.125, 0.375, 0.625, 0.875]);
    expect(gridConfigs({ a: uniform(0, 1), b: uniform(0, 1), c: uniform(0, 1) }, 64)).toHaveLength(64);
    expect(gridConfigs({ act: choice(['relu', 'tanh']), x: uniform(0, 1) }, 9).map((c) => c.act)).toEqual([
      'relu',
      'relu',
      'relu',
      'tanh',
      'tanh',
      'tanh',
    ]);
  });
});
