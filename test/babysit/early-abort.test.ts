// The one early-abort rule (babysit/abort.ts EarlyAbort), used by the live babysitter and by every search trial:
// the bias-corrected moving average (β = 0.8) of the batch losses against 3× the first batch's loss; NaN/Inf at
// once. Expected values are worked out by hand from the formula.
import { describe, expect, it } from 'vitest';
import { EarlyAbort } from '../../src/babysit/abort';

describe('EarlyAbort', () => {
  it('one spike of 4× the first loss in a settled run does not stop it (the raw-loss rule would)', () => {
    const rule = new EarlyAbort();
    // losses 1, 1, 1, 4: m = 0.2, 0.36, 0.488, 1.1904; s4 = 1.1904 / (1 − 0.8⁴) = 1.1904 / 0.5904 = 2.016 < 3
    expect([1, 1, 1, 4].map((l, i) => rule.observe(l, i + 1))).toEqual([null, null, null, null]);
  });

  it('a blow-up stops within a step or two, naming the smoothed loss', () => {
    const rule = new EarlyAbort();
    // losses 1, 10: m = 0.2, 2.16; s2 = 2.16 / 0.36 = 6 > 3
    expect(rule.observe(1, 1)).toBeNull();
    const f = rule.observe(10, 2, 0.5)!;
    expect(f.id).toBe('loss-explosion');
    expect(f.values).toMatchObject({ initialLoss: 1, step: 2, lr: 0.5 });
    expect(f.values.loss as number).toBeCloseTo(6, 12);
  });

  it('NaN or Inf stops at once; reset starts over from a given first loss', () => {
    const rule = new EarlyAbort();
    rule.observe(2, 1);
    expect(rule.observe(NaN, 2)!.id).toBe('nan-loss');
    rule.reset(1);
    // reference 1 (a resumed run's first loss), fresh average: s1 = 3.5 > 3
    expect(rule.observe(3.5, 7)!.id).toBe('loss-explosion');
    expect(new EarlyAbort(5).observe(Infinity, 1)!.id).toBe('nan-loss');
  });
});
