// The confusion matrix as an SVG heat map for the HTML report: rows = true class, columns = predicted class, each
// cell shaded by its share of its row (the recall of the diagonal), with the count written in it.
import { escapeHtml } from './svg';

export function confusionChart(classes: readonly string[], matrix: readonly (readonly number[])[]): string {
  const c = classes.length;
  const cell = Math.max(28, Math.min(60, Math.floor(360 / c)));
  const left = 12 + 7 * Math.min(20, Math.max(...classes.map((k) => k.length)));
  const top = 40;
  const w = left + c * cell + 10,
    h = top + c * cell + 40;
  const label = (s: string) => escapeHtml(s.length > 20 ? `${s.slice(0, 19)}…` : s);
  const parts: string[] = [];
  matrix.forEach((row, t) => {
    const total = row.reduce((a, v) => a + v, 0) || 1;
    parts.push(
      `<text class="tick" x="${left - 6}" y="${top + t * cell + cell / 2 + 4}" text-anchor="end">${label(classes[t])}</text>`,
    );
    row.forEach((v, p) => {
      const share = v / total;
      const x = left + p * cell,
        y = top + t * cell;
      parts.push(
        `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="rgba(31,119,180,${share.toFixed(3)})" stroke="#ccc"/>`,
        `<text class="label" x="${x + cell / 2}" y="${y + cell / 2 + 4}" text-anchor="middle" fill="${share > 0.6 ? '#fff' : '#222'}">${v}</text>`,
      );
    });
  });
  classes.forEach((k, p) =>
    parts.push(
      `<text class="tick" x="${left + p * cell + cell / 2}" y="${top + c * cell + 14}" text-anchor="middle">${label(k)}</text>`,
    ),
  );
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" data-chart="Confusion matrix">` +
    `<text class="title" x="${left}" y="16">Confusion matrix (test rows)</text>` +
    `<text class="label" x="${left}" y="32">rows: true class, columns: predicted</text>${parts.join('')}</svg>`
  );
}
