// The report's regression plots: an exact prediction lies on the predicted-vs-actual diagonal and on the residual
// plot's zero line, a miss lies off them by its residual's sign; checked on the SVG's own coordinates (points and the
// reference path), with the geometry (collinearity, above/below) computed here.
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report';
import { syntheticReport } from './synthetic';

type Pt = [number, number];

function chart(html: string, title: string): { points: Pt[]; reference: Pt[] } {
  const fig = html.match(new RegExp(`<figure class="chart" data-chart="${title}"[^>]*>.*?</figure>`, 's'))?.[0];
  expect(fig, title).toBeDefined();
  const points = [...fig!.matchAll(/<circle cx="([-\d.]+)" cy="([-\d.]+)"[^>]*class="point"/g)].map(
    (m) => [Number(m[1]), Number(m[2])] as Pt,
  );
  const d = fig!.match(/<path d="M([-\d.]+),([-\d.]+)L([-\d.]+),([-\d.]+)"[^>]*class="reference"/)!;
  return {
    points,
    reference: [
      [Number(d[1]), Number(d[2])],
      [Number(d[3]), Number(d[4])],
    ],
  };
}

/** Signed distance-like cross product of p against the line a→b (pixels², y pointing down). */
const side = ([a, b]: Pt[], p: Pt) => (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);

describe('regression plots', () => {
  const actual = [10, 20, 30, 40, 50];
  const predicted = [10, 25, 30, 35, 50]; // rows 0, 2, 4 exact; row 1 over, row 3 under
  const html = renderReport({ ...syntheticReport(), regression: { actual, predicted } });

  it('predicted vs actual: exact rows on the diagonal, an over-prediction above it, an under-prediction below', () => {
    const c = chart(html, 'Predicted vs actual \\(test rows\\)');
    expect(c.points.length).toBe(5);
    const len = Math.hypot(c.reference[1][0] - c.reference[0][0], c.reference[1][1] - c.reference[0][1]);
    for (const i of [0, 2, 4]) expect(Math.abs(side(c.reference, c.points[i])) / len).toBeLessThan(0.2);
    // the diagonal goes up-right on screen (y down): a point above it has a negative cross product
    expect(side(c.reference, c.points[1])).toBeLessThan(-len);
    expect(side(c.reference, c.points[3])).toBeGreaterThan(len);
  });

  it('residuals: exact rows on the zero line, actual − predicted below it for row 1 and above for row 3', () => {
    const c = chart(html, 'Residuals vs predicted \\(test rows\\)');
    const zeroY = c.reference[0][1];
    expect(c.reference[1][1]).toBe(zeroY);
    for (const i of [0, 2, 4]) expect(c.points[i][1]).toBeCloseTo(zeroY, 0);
    expect(c.points[1][1]).toBeGreaterThan(zeroY + 5); // residual −5: below the line (larger y)
    expect(c.points[3][1]).toBeLessThan(zeroY - 5);
    // x is the prediction: row 1 (25) left of row 3 (35)
    expect(c.points[1][0]).toBeLessThan(c.points[3][0]);
  });

  it('are absent for classification and capped at 2000 points for a large test set', () => {
    expect(renderReport(syntheticReport())).not.toContain('Predicted vs actual');
    const n = 10_000;
    const big = renderReport({
      ...syntheticReport(),
      regression: { actual: Float64Array.from({ length: n }, (_, i) => i), predicted: new Float64Array(n) },
    });
    expect(big).toMatch(/data-chart="Predicted vs actual \(test rows\)" data-points="2000"/);
  });
});
