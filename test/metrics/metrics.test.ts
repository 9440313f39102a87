// Metric functions against values worked out by hand.
import { describe, expect, it } from 'vitest';
import { classificationReport, rocAuc } from '../../src/metrics/classification';
import { regressionMetrics } from '../../src/metrics/regression';

describe('regression metrics', () => {
  it('R², MAE, RMSE', () => {
    // y = 1, 2, 3, 4 (mean 2.5, Σ(y−ȳ)² = 5); ŷ = 1, 2, 4, 2: errors 0, 0, −1, 2 → SSE 5, SAE 3
    const m = regressionMetrics([1, 2, 3, 4], [1, 2, 4, 2]);
    expect(m.r2).toBeCloseTo(0, 12);
    expect(m.mae).toBeCloseTo(0.75, 12);
    expect(m.rmse).toBeCloseTo(Math.sqrt(5 / 4), 12);
    expect(regressionMetrics([1, 2, 3], [1, 2, 3]).r2).toBe(1);
    expect(regressionMetrics([2, 4], [3, 3]).r2).toBeCloseTo(0.5 - 0.5, 12); // always the mean: 0
    expect(regressionMetrics([5, 5], [5, 6]).r2).toBe(0);
    expect(() => regressionMetrics([1], [])).toThrow(/1 targets and 0 predictions/);
  });
});

describe('classification report', () => {
  it('accuracy, log loss, confusion matrix, per-class precision/recall/F1', () => {
    // 3 classes, 5 rows; predicted (argmax) 0, 1, 1, 2, 0 for true 0, 1, 2, 2, 1
    const y = [0, 1, 2, 2, 1];
    const p = [0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.2, 0.5, 0.3, 0.1, 0.1, 0.8, 0.6, 0.3, 0.1];
    const r = classificationReport(y, p, 3);
    expect(r.accuracy).toBeCloseTo(3 / 5, 12);
    expect(r.logLoss).toBeCloseTo(
      -(Math.log(0.7) + Math.log(0.8) + Math.log(0.3) + Math.log(0.8) + Math.log(0.3)) / 5,
      12,
    );
    expect(r.confusion).toEqual([
      [1, 0, 0],
      [1, 1, 0],
      [0, 1, 1],
    ]);
    // class 1: TP 1, predicted 2, support 2 → P ½, R ½, F1 ½; class 0: P ½, R 1, F1 ⅔; class 2: P 1, R ½, F1 ⅔
    expect(r.perClass.map((c) => [c.precision, c.recall, c.support])).toEqual([
      [0.5, 1, 1],
      [0.5, 0.5, 2],
      [1, 0.5, 2],
    ]);
    expect(r.perClass[0].f1).toBeCloseTo(2 / 3, 12);
    expect(r.rocAuc).toBeUndefined();
  });

  it('ROC AUC by pairs: ties count ½; binary reports carry it', () => {
    // positives score 0.9, 0.4; negatives 0.4, 0.1: pairs (0.9>0.4, 0.9>0.1, 0.4=0.4 → ½, 0.4>0.1) = 3.5 / 4
    expect(rocAuc([1, 1, 0, 0], [0.9, 0.4, 0.4, 0.1])).toBeCloseTo(3.5 / 4, 12);
    expect(rocAuc([0, 1], [0.9, 0.1])).toBe(0);
    expect(rocAuc([1, 1], [0.9, 0.1])).toBeNaN();
    const r = classificationReport([1, 0], [0.2, 0.8, 0.6, 0.4], 2);
    expect(r.rocAuc).toBe(1);
    expect(r.accuracy).toBe(1);
  });
});
