// Inline SVG charts with no dependencies: line charts (several series, linear or log y) and histograms.
// Each chart is a <figure> with data attributes (data-chart, data-points) so tests can check it carries data.
import { axisLabel } from '../format';
import { emptyFigure, extent, figure, plotFrame, type Frame } from './plot-frame';
import { escapeHtml } from './svg-text';
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

export const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
const PAD = { left: 56, right: 12, top: 40, bottom: 40 };

export { escapeHtml };

export function lineChart(series: Series[], o: LineChartOptions): string {
  const W = o.width ?? 480,
    H = o.height ?? 260;
  const pts = series.map((s) => ({
    ...s,
    points: s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!o.logY || y > 0)),
  }));
  const all = pts.flatMap((s) => s.points);
  if (all.length === 0) return emptyFigure(o.title);
  const [x0, x1] = extent(all.map((p) => p[0]));
  const [y0, y1] = extent(all.map((p) => (o.logY ? Math.log10(p[1]) : p[1])));
  const frame = plotFrame({
    title: o.title,
    width: W,
    height: H,
    pad: PAD,
    x: { label: o.xLabel, lo: x0, hi: x1, ticks: linearTicks(x0, x1) },
    y: { label: o.yLabel ?? '', lo: y0, hi: y1, log: o.logY, ticks: o.logY ? logTicks(y0, y1) : linearTicks(y0, y1) },
  });
  let legendX = PAD.left;
  pts.forEach((s, i) => {
    if (s.points.length === 0) return;
    frame.parts.push(
      ...seriesMarks(s, COLORS[i % COLORS.length], frame),
      ...legendEntry(s.name, COLORS[i % COLORS.length], legendX),
    );
    legendX += 22 + 5.6 * s.name.length;
  });
  return figure(o.title, all.length, W, H, frame.parts);
}

/** One series: its polyline, and a dot per point when there are few enough to see. */
function seriesMarks(s: Series, color: string, f: Frame): string[] {
  const d = s.points.map(([x, y], k) => `${k ? 'L' : 'M'}${f.sx(x).toFixed(1)},${f.sy(y).toFixed(1)}`).join('');
  const out = [
    `<path d="${d}" fill="none" stroke="${color}" stroke-width="1.6" class="series" data-series="${escapeHtml(s.name)}" data-n="${s.points.length}"/>`,
  ];
  if (s.points.length <= 60)
    for (const [x, y] of s.points)
      out.push(`<circle cx="${f.sx(x).toFixed(1)}" cy="${f.sy(y).toFixed(1)}" r="2.2" fill="${color}"/>`);
  return out;
}

/** A legend entry in one row above the plot, so it never hides data. */
export function legendEntry(name: string, color: string, x: number): string[] {
  return [
    `<rect x="${x}" y="27" width="10" height="3" fill="${color}"/>`,
    `<text x="${x + 13}" y="32" class="legend">${escapeHtml(name)}</text>`,
  ];
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
  if (total === 0) return emptyFigure(o.title, 'chart histogram');
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
  return figure(o.title, total, W, H, parts, 'chart histogram');
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
