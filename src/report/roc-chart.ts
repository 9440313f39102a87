// The ROC curve of a binary classifier on the test rows for the HTML report: true-positive rate against
// false-positive rate (metrics/roc.ts), the dashed diagonal of a random guess, and the AUC in the title.
import { emptyFigure, figure, plotFrame } from './plot-frame';
import { COLORS } from './svg';

export interface RocCurve {
  /** [false-positive rate, true-positive rate] from (0, 0) to (1, 1). */
  points: [number, number][];
  auc: number;
  /** The positive class's name. */
  positive: string;
}

const SIZE = { width: 360, height: 340, pad: { left: 56, right: 12, top: 28, bottom: 40 } };
const TICKS = [0, 0.25, 0.5, 0.75, 1];

export function rocChart(roc: RocCurve): string {
  const title = `ROC curve (test rows; positive: ${roc.positive}), AUC ${roc.auc.toFixed(3)}`;
  if (roc.points.length < 2) return emptyFigure(title);
  const f = plotFrame({
    title,
    ...SIZE,
    x: { label: 'false-positive rate', lo: 0, hi: 1, ticks: TICKS },
    y: { label: 'true-positive rate', lo: 0, hi: 1, ticks: TICKS },
  });
  const path = roc.points.map(([x, y], i) => `${i ? 'L' : 'M'}${f.sx(x).toFixed(1)},${f.sy(y).toFixed(1)}`).join('');
  f.parts.push(
    `<path d="M${f.sx(0)},${f.sy(0)}L${f.sx(1)},${f.sy(1)}" stroke="#999" stroke-dasharray="4 3" fill="none" class="reference"/>`,
    `<path d="${path}" stroke="${COLORS[0]}" stroke-width="1.6" fill="none" class="roc"/>`,
  );
  return figure(title, roc.points.length, SIZE.width, SIZE.height, f.parts);
}
