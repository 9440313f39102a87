// Inline SVG charts with no dependencies: line charts (several series, linear or log y) and histograms.
// Each chart is a <figure> with data attributes (data-chart, data-points) so tests can check it carries data.
import { axisLabel } from '../format';
import { linearTicks, logTicks } from './ticks';

export interface Series {
  name: string;
  /** [x, y] pairs; non-finite y values are skipped. */
  points: [number, number][];
}

export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel?: string;
  logY?: boolean;
  width?: number;
  height?: number;
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
const PAD = { left: 56, right: 12, top: 40, bottom: 40 };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function lineChart(series: Series[], o: LineChartOptions): string {
  const W = o.width ?? 480,
    H = o.height ?? 260;
  const tf = (y: number) => (o.logY ? Math.log10(y) : y);
  const pts = series.map((s) => ({
    ...s,
    points: s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!o.logY || y > 0)),
  }));
  const all = pts.flatMap((s) => s.points);
  const total = all.length;
  const head = `<figure class="chart" data-chart="${escapeHtml(o.title)}" data-points="${total}">`;
  if (total === 0) {
    return `${head}<figcaption>${escapeHtml(o.title)}</figcaption><p class="empty">no data</p></figure>`;
  }
  let [x0, x1] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
  let [y0, y1] = [Math.min(...all.map((p) => tf(p[1]))), Math.max(...all.map((p) => tf(p[1])))];
  if (x1 === x0) {
    x0 -= 0.5;
    x1 += 0.5;
  }
  if (y1 === y0) {
    y0 -= 0.5;
    y1 += 0.5;
  }
  const pw = W - PAD.left - PAD.right,
    ph = H - PAD.top - PAD.bottom;
  const sx = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * pw;
  const sy = (y: number) => PAD.top + (1 - (tf(y) - y0) / (y1 - y0)) * ph;
  const parts: string[] = [];
  parts.push(`<text x="${W / 2}" y="16" text-anchor="middle" class="title">${escapeHtml(o.title)}</text>`);
  parts.push(`<rect x="${PAD.left}" y="${PAD.top}" width="${pw}" height="${ph}" class="frame"/>`);
  const yTicks = o.logY ? logTicks(y0, y1) : linearTicks(y0, y1);
  for (const t of yTicks) {
    const y = sy(t);
    parts.push(
      `<line x1="${PAD.left}" x2="${PAD.left + pw}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" class="grid"/>`,
      `<text x="${PAD.left - 4}" y="${(y + 4).toFixed(1)}" text-anchor="end" class="tick">${axisLabel(t)}</text>`,
    );
  }
  for (const t of linearTicks(x0, x1)) {
    const x = sx(t);
    parts.push(
      `<text x="${x.toFixed(1)}" y="${PAD.top + ph + 14}" text-anchor="middle" class="tick">${axisLabel(t)}</text>`,
    );
  }
  parts.push(
    `<text x="${PAD.left + pw / 2}" y="${H - 6}" text-anchor="middle" class="label">${escapeHtml(o.xLabel)}</text>`,
  );
  if (o.yLabel) {
    parts.push(
      `<text transform="translate(12 ${PAD.top + ph / 2}) rotate(-90)" text-anchor="middle" class="label">${escapeHtml(o.yLabel)}</text>`,
    );
  }
  let legendX = PAD.left;
  pts.forEach((s, i) => {
    if (s.points.length === 0) return;
    const color = COLORS[i % COLORS.length];
    const d = s.points.map(([x, y], k) => `${k ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join('');
    parts.push(
      `<path d="${d}" fill="none" stroke="${color}" stroke-width="1.6" class="series" data-series="${escapeHtml(s.name)}" data-n="${s.points.length}"/>`,
    );
    if (s.points.length <= 60) {
      for (const [x, y] of s.points)
        parts.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="2.2" fill="${color}"/>`);
    }
    // legend: one row above the plot, so it never hides data
    parts.push(
      `<rect x="${legendX}" y="27" width="10" height="3" fill="${color}"/>`,
      `<text x="${legendX + 13}" y="32" class="legend">${escapeHtml(s.name)}</text>`,
    );
    legendX += 22 + 5.6 * s.name.length;
  });
  return (
    `${head}<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" ` +
    `aria-label="${escapeHtml(o.title)}">${parts.join('')}</svg></figure>`
  );
}

export interface Histogram {
  /** Bin edges, length = counts.length + 1. */
  edges: number[];
  counts: number[];
}

/** Overlaid histograms (e.g. a layer's activations at the first and last epoch), drawn as step outlines. */
export function histogramChart(
  series: { name: string; hist: Histogram }[],
  o: { title: string; xLabel: string; width?: number; height?: number },
): string {
  const W = o.width ?? 320,
    H = o.height ?? 200;
  const nonEmpty = series.filter((s) => s.hist.counts.length > 0);
  const total = nonEmpty.reduce((a, s) => a + s.hist.counts.reduce((p, q) => p + q, 0), 0);
  const head = `<figure class="chart histogram" data-chart="${escapeHtml(o.title)}" data-points="${total}">`;
  if (total === 0) return `${head}<figcaption>${escapeHtml(o.title)}</figcaption><p class="empty">no data</p></figure>`;
  const x0 = Math.min(...nonEmpty.map((s) => s.hist.edges[0]));
  let x1 = Math.max(...nonEmpty.map((s) => s.hist.edges[s.hist.edges.length - 1]));
  if (x1 === x0) x1 = x0 + 1;
  // densities so histograms with different bin widths or totals compare
  const dens = nonEmpty.map((s) => {
    const n = s.hist.counts.reduce((p, q) => p + q, 0) || 1;
    return s.hist.counts.map((c, i) => c / n / (s.hist.edges[i + 1] - s.hist.edges[i] || 1));
  });
  const ymax = Math.max(...dens.flat(), 1e-12);
  const left = 12,
    right = 8,
    top = 24,
    bottom = 34;
  const pw = W - left - right,
    ph = H - top - bottom;
  const sx = (x: number) => left + ((x - x0) / (x1 - x0)) * pw;
  const sy = (y: number) => top + (1 - y / ymax) * ph;
  const parts = [
    `<text x="${W / 2}" y="15" text-anchor="middle" class="title">${escapeHtml(o.title)}</text>`,
    `<rect x="${left}" y="${top}" width="${pw}" height="${ph}" class="frame"/>`,
  ];
  nonEmpty.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    let d = `M${sx(s.hist.edges[0]).toFixed(1)},${sy(0).toFixed(1)}`;
    dens[i].forEach((v, b) => {
      d += `L${sx(s.hist.edges[b]).toFixed(1)},${sy(v).toFixed(1)}L${sx(s.hist.edges[b + 1]).toFixed(1)},${sy(v).toFixed(1)}`;
    });
    d += `L${sx(s.hist.edges[s.hist.edges.length - 1]).toFixed(1)},${sy(0).toFixed(1)}`;
    parts.push(
      `<path d="${d}" fill="${color}" fill-opacity="0.18" stroke="${color}" stroke-width="1.3" class="series" data-series="${escapeHtml(s.name)}" data-n="${s.hist.counts.length}"/>`,
      `<rect x="${left + 6}" y="${top + 5 + i * 13}" width="10" height="3" fill="${color}"/>`,
      `<text x="${left + 20}" y="${top + 10 + i * 13}" class="legend">${escapeHtml(s.name)}</text>`,
    );
  });
  parts.push(
    `<text x="${left}" y="${top + ph + 13}" class="tick">${axisLabel(x0)}</text>`,
    `<text x="${left + pw}" y="${top + ph + 13}" text-anchor="end" class="tick">${axisLabel(x1)}</text>`,
    `<text x="${left + pw / 2}" y="${H - 5}" text-anchor="middle" class="label">${escapeHtml(o.xLabel)}</text>`,
  );
  return (
    `${head}<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" ` +
    `aria-label="${escapeHtml(o.title)}">${parts.join('')}</svg></figure>`
  );
}

/** A histogram of `values` with `bins` equal bins over their range (non-finite values are skipped). */
export function histogram(values: ArrayLike<number>, bins = 30): Histogram {
  let lo = Infinity,
    hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo === Infinity) return { edges: [], counts: [] };
  if (hi === lo) {
    lo -= 0.5;
    hi += 0.5;
  }
  const counts = new Array<number>(bins).fill(0);
  const w = (hi - lo) / bins;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) counts[Math.min(bins - 1, Math.floor((v - lo) / w))]++;
  }
  return { edges: Array.from({ length: bins + 1 }, (_, i) => lo + i * w), counts };
}
