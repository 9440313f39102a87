// Loss-curve shapes on synthetic curves (the lecture's figures), with seeded minibatch-like noise.
// Pure functions of a number series: no backend involved.
import { describe, expect, it } from 'vitest';
import { classifyLossCurve, lossCurveFinding, windowMeans } from '../../src/babysit/loss-curve';
import { rng } from '../helpers/random';

const N = 300,
  L0 = Math.log(10);

/** y(t) for t in [0, 1) plus uniform noise of ±noise·L0. */
function curve(y: (t: number) => number, noise = 0.03, seed = 1): number[] {
  const r = rng(seed);
  return Array.from({ length: N }, (_, i) => y(i / N) + noise * L0 * (2 * r() - 1));
}

describe('classifyLossCurve', () => {
  const healthy = curve((t) => 0.1 + (L0 - 0.1) * Math.exp(-t * 6));
  const exploding = curve((t) => L0 * (1 + 4 * t * t));
  const flatHigh = curve((t) => 1.6 + (L0 - 1.6) * Math.exp(-t * 40));
  const slowLinear = curve((t) => L0 - 0.6 * t);
  const plateauDrop = curve((t) => (t < 0.4 ? L0 : 0.2 + (L0 - 0.2) * Math.exp(-(t - 0.4) * 15)));
  const flat = curve(() => L0);

  it.each([
    ['healthy', healthy],
    ['exploding', exploding],
    ['flat-high', flatHigh],
    ['slow-linear', slowLinear],
    ['plateau-then-drop', plateauDrop],
    ['flat-high', flat],
  ] as const)('recognizes %s', (shape, losses) => {
    expect(classifyLossCurve(losses, { initialLoss: L0 }).shape).toBe(shape);
  });

  it('calls a NaN anywhere exploding, and a short series too-short', () => {
    const withNaN = [...healthy];
    withNaN[150] = NaN;
    expect(classifyLossCurve(withNaN).shape).toBe('exploding');
    expect(classifyLossCurve(healthy.slice(0, 10)).shape).toBe('too-short');
  });

  it('holds across noise seeds (no shape flips on noise alone)', () => {
    for (let seed = 2; seed < 12; seed++) {
      expect(
        classifyLossCurve(
          curve((t) => 0.1 + (L0 - 0.1) * Math.exp(-t * 6), 0.05, seed),
          { initialLoss: L0 },
        ).shape,
      ).toBe('healthy');
      expect(
        classifyLossCurve(
          curve((t) => L0 - 0.6 * t, 0.05, seed),
          { initialLoss: L0 },
        ).shape,
      ).toBe('slow-linear');
    }
  });

  it('uses the first window mean when no initial loss is given', () => {
    const d = classifyLossCurve(slowLinear);
    expect(d.initialLoss).toBeCloseTo(windowMeans(slowLinear, 10)[0], 12);
  });
});

describe('lossCurveFinding', () => {
  const d = (losses: number[]) => classifyLossCurve(losses, { initialLoss: L0 });

  it('maps shapes to stable ids with the numbers in the message', () => {
    const high = lossCurveFinding(d(curve((t) => 1.6 + (L0 - 1.6) * Math.exp(-t * 40))), { lr: 0.5 })!;
    expect(high.id).toBe('lr-too-high');
    expect(high.message).toMatch(/learning rate 0\.5 is too high for it to settle; try 5e-2/);
    const low = lossCurveFinding(d(curve((t) => L0 - 0.6 * t)), { lr: 1e-4 })!;
    expect(low.id).toBe('lr-too-low');
    expect(low.message).toMatch(/1e-4 is too low; try 1e-3 to 1e-2/);
    const plateau = lossCurveFinding(d(curve((t) => (t < 0.4 ? L0 : 0.2 + (L0 - 0.2) * Math.exp(-(t - 0.4) * 15)))))!;
    expect(plateau.id).toBe('bad-init-plateau');
    expect(plateau.values.initialLoss).toBeCloseTo(L0, 12);
    expect(lossCurveFinding(d(curve((t) => L0 * (1 + 4 * t * t))))!.id).toBe('loss-explosion');
    expect(lossCurveFinding(d(curve((t) => 0.1 + (L0 - 0.1) * Math.exp(-t * 6))))).toBeNull();
  });

  it('calls a flat curve with tiny updates lr-too-low, with large updates lr-too-high', () => {
    const flat = d(curve(() => L0));
    expect(lossCurveFinding(flat, { lr: 1e-6, updateRatio: 1e-7 })!.id).toBe('lr-too-low');
    expect(lossCurveFinding(flat, { lr: 1, updateRatio: 0.1 })!.id).toBe('lr-too-high');
    // healthy updates on a flat curve: not the learning rate (capacity or data), so no lr finding
    expect(lossCurveFinding(flat, { lr: 0.01, updateRatio: 1e-3 })).toBeNull();
  });
});
