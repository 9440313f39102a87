// Train/validation gap rule. Pure function: no backend involved.
import { describe, expect, it } from 'vitest';
import { trainValGapFinding } from '../../src/babysit/train-val-gap';

describe('trainValGapFinding', () => {
  it('a large gap is overfitting', () => {
    const f = trainValGapFinding({ trainAccuracy: 1, validationAccuracy: 0.72 })!;
    expect(f.id).toBe('overfitting');
    expect(f.message).toMatch(/100\.0 % vs validation 72\.0 % \(a gap of 28\.0 %\)/);
  });
  it('no gap with low accuracy is underfitting', () => {
    expect(trainValGapFinding({ trainAccuracy: 0.55, validationAccuracy: 0.54 })!.id).toBe('underfitting');
  });
  it('a small gap with high accuracy is fine', () => {
    expect(trainValGapFinding({ trainAccuracy: 0.99, validationAccuracy: 0.96 })).toBeNull();
    expect(trainValGapFinding({ trainAccuracy: 0.9, validationAccuracy: 0.89 })).toBeNull();
  });
  it('takes thresholds', () => {
    expect(trainValGapFinding({ trainAccuracy: 0.99, validationAccuracy: 0.96 }, { overfitGap: 0.02 })!.id).toBe(
      'overfitting',
    );
    expect(trainValGapFinding({ trainAccuracy: 0.9, validationAccuracy: 0.89 }, { lowAccuracy: 0.95 })!.id).toBe(
      'underfitting',
    );
  });
});
