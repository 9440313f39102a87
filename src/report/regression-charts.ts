// The regression plots of the report, on the test rows in the label's units:
//   predicted vs actual (points on the dashed diagonal y = x are exact), and
//   residuals (actual − predicted) vs predicted (points around the dashed y = 0; a trend or funnel shows bias or
//   error growing with the value).
// At most 2000 points are drawn (evenly spaced rows), so a large test set keeps the file small.
import { emptyFigure, extent, figure, plotFrame } from './plot-frame';
import { COLORS } from './svg';
import { linearTicks } from './ticks';

export interface RegressionPairs {
  actual: ArrayLike<number>;
  predicted: ArrayLike<number>;
}

const MAX_POINTS = 2000;
const SIZE = { width: 400, height: 320, pad: { left: 56, right: 12, top: 28, bottom: 40 } };

export function regressionCharts(r: RegressionPairs): string[] {
  const pairs: [number, number][] = [];
  const n = Math.min(r.actual.length, r.predicted.length);
  const stride = Math.max(1, Math.ceil(n / MAX_POINTS));
  for (let i = 0; i < n; i += stride)
    if (Number.isFinite(r.actual[i]) && Number.isFinite(r.predicted[i])) pairs.push([r.actual[i], r.predicted[i]]);
  const [lo, hi] = extent(pairs.flat());
  return [
    scatterChart('Predicted vs actual (test rows)', pairs, { x: 'actual', y: 'predicted' }, [
      [lo, lo],
      [hi, hi],
    ]),
    scatterChart(
      'Residuals vs predicted (test rows)',
      pairs.map(([a, p]) => [p, a - p]),
      { x: 'predicted', y: 'actual − predicted' },
      'zero',
    ),
  ];
}

/** Points [x, y] with a dashed reference line: the segment `ref`, or y = 0 across the plot ('zero'). */
function scatterChart(
  title: string,
  points: [number, number][],
  labels: { x: string; y: string },
  ref: [number, number][] | 'zero',
): string {
  if (points.length === 0) return emptyFigure(title);
  const [x0, x1] = extent(points.map((p) => p[0]));
  const [y0, y1] = extent([...points.map((p) => p[1]), ...(ref === 'zero' ? [0] : [])]);
  const f = plotFrame({
    title,
    ...SIZE,
    x: { label: labels.x, lo: x0, hi: x1, ticks: linearTicks(x0, x1) },
    y: { label: labels.y, lo: y0, hi: y1, ticks: linearTicks(y0, y1) },
  });
  const line = ref === 'zero' ? [[x0, 0] as const, [x1, 0] as const] : ref;
  f.parts.push(
    `<path d="M${f.sx(line[0][0]).toFixed(1)},${f.sy(line[0][1]).toFixed(1)}L${f.sx(line[1][0]).toFixed(1)},${f.sy(line[1][1]).toFixed(1)}" stroke="#999" stroke-dasharray="4 3" fill="none" class="reference"/>`,
    ...points.map(
      ([x, y]) =>
        `<circle cx="${f.sx(x).toFixed(1)}" cy="${f.sy(y).toFixed(1)}" r="2.4" fill="${COLORS[0]}" fill-opacity="0.55" class="point"/>`,
    ),
  );
  return figure(title, points.length, SIZE.width, SIZE.height, f.parts);
}
