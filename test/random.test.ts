import { expect, it } from 'vitest';
import { Rng } from '../src/random';

it('state() after many draws is four uint32 words, and setState continues the same stream', () => {
  const a = new Rng(42);
  for (let i = 0; i < 10_000; i++) {
    a.next();
    const { words } = a.state();
    expect(
      words.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32),
      `draw ${i}: ${words}`,
    ).toBe(true);
  }
  a.normal(); // leaves a Box–Muller spare in the state
  const b = new Rng(0);
  b.setState(a.state());
  for (let i = 0; i < 100; i++) expect(b.normal()).toBe(a.normal());
});

it('the same seed gives the same stream; different seeds differ', () => {
  const x = Array.from(
    { length: 5 },
    (
      (r) => () =>
        r.nextUint32()
    )(new Rng(7)),
  );
  const y = Array.from(
    { length: 5 },
    (
      (r) => () =>
        r.nextUint32()
    )(new Rng(7)),
  );
  const z = Array.from(
    { length: 5 },
    (
      (r) => () =>
        r.nextUint32()
    )(new Rng(8)),
  );
  expect(x).toEqual(y);
  expect(x).not.toEqual(z);
});

it('uniform draws have mean 1/2 and variance 1/12; normals mean 0 and variance 1', () => {
  const r = new Rng(3),
    n = 200_000;
  let s = 0,
    s2 = 0,
    g = 0,
    g2 = 0;
  for (let i = 0; i < n; i++) {
    const u = r.next(),
      v = r.normal();
    s += u;
    s2 += u * u;
    g += v;
    g2 += v * v;
  }
  expect(s / n).toBeCloseTo(0.5, 2);
  expect(s2 / n - (s / n) ** 2).toBeCloseTo(1 / 12, 2);
  expect(g / n).toBeCloseTo(0, 2);
  expect(g2 / n).toBeCloseTo(1, 1);
});
