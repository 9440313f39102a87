// The 3x-initial-loss / NaN abort rule (also used by hyperparameter search). Pure functions: no backend involved.
import { describe, expect, it } from 'vitest';
import { abortFinding, saferRate, shouldAbort } from '../../src/babysit/abort';

describe('shouldAbort', () => {
  it('aborts on NaN/Inf and on loss above 3x the initial, not below', () => {
    expect(shouldAbort(2.3, NaN)).toBe('nan-loss');
    expect(shouldAbort(2.3, Infinity)).toBe('nan-loss');
    expect(shouldAbort(2.3, 7.0)).toBe('loss-explosion');
    expect(shouldAbort(2.3, 6.8)).toBeNull();
    expect(shouldAbort(2.3, 0.1)).toBeNull();
    expect(shouldAbort(2.3, 4.7, 2)).toBe('loss-explosion');
  });

  it('never aborts a finite loss when the initial loss is unknown or zero', () => {
    expect(shouldAbort(NaN, 1e9)).toBeNull();
    expect(shouldAbort(0, 1e9)).toBeNull();
  });
});

describe('abortFinding', () => {
  it('says what happened, with the numbers, and what to try', () => {
    const f = abortFinding('loss-explosion', { initialLoss: 2.302585, loss: 7.1, step: 40, lr: 10 });
    expect(f).toMatchObject({ id: 'loss-explosion', severity: 'error' });
    expect(f.message).toBe(
      'loss rose from 2.30 to 7.1 (3.1x the initial) by step 40: the learning rate 10 is too high; ' +
        'try 1e-2 or run with --lr auto',
    );
    const n = abortFinding('nan-loss', { initialLoss: 2.3, loss: NaN, step: 3, lr: 0.5 });
    expect(n.id).toBe('nan-loss');
    expect(n.message).toMatch(/NaN at step 3/);
    expect(n.values.loss).toBe('NaN');
  });

  it('suggests a power of ten at or below min(lr/10, 1e-2)', () => {
    expect(saferRate(10)).toBe(1e-2);
    expect(saferRate(0.05)).toBeCloseTo(1e-3, 15);
    expect(saferRate(3)).toBe(1e-2);
  });
});
