// The ROC curve: hand-computed points (ties move diagonally), and its trapezoid area equals the rank-based ROC AUC
// of metrics/classification (an independent formula) on random scores with ties.
import { describe, expect, it } from 'vitest';
import { rocAuc } from '../../src/metrics/classification';
import { rocCurve } from '../../src/metrics/roc';

const area = (pts: [number, number][]) =>
  pts.slice(1).reduce((a, [x, y], i) => a + ((x - pts[i][0]) * (y + pts[i][1])) / 2, 0);

describe('rocCurve', () => {
  it('steps through the thresholds from (0, 0) to (1, 1), tied scores together', () => {
    expect(rocCurve([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1])).toEqual([
      [0, 0],
      [0, 0.5],
      [0.5, 0.5],
      [0.5, 1],
      [1, 1],
    ]);
    expect(rocCurve([1, 0, 1], [0.5, 0.5, 0.2])).toEqual([
      [0, 0],
      [1, 0.5],
      [1, 1],
    ]);
    expect(rocCurve([1, 1], [0.3, 0.4])).toEqual([]);
  });

  it('its area is the ROC AUC, ties included', () => {
    let s = 3;
    const r = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 5; trial++) {
      const y = Array.from({ length: 200 }, () => (r() < 0.4 ? 1 : 0));
      const score = y.map((v) => Math.round((v + 2 * r()) * 8) / 8); // coarse: many ties
      expect(area(rocCurve(y, score))).toBeCloseTo(rocAuc(y, score), 12);
    }
  });
});
