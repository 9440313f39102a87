// The frame every report chart draws in: title, plot rectangle, y grid lines with tick labels, x tick labels, axis
// labels, and the maps from data values to SVG pixels (log10 on a log axis). A chart adds its marks to `parts` and
// wraps them with `figure`, a <figure> whose data attributes (data-chart, data-points) let tests check it has data.
import { axisLabel } from '../format';
import { escapeHtml } from './svg-text';

export interface FrameAxis {
  label: string;
  /** The range in axis units: data values, or their log10 on a log axis. */
  lo: number;
  hi: number;
  log?: boolean;
  /** Tick values in data units. */
  ticks: number[];
}

export interface FrameOptions {
  title: string;
  width: number;
  height: number;
  pad: { left: number; right: number; top: number; bottom: number };
  x: FrameAxis;
  y: FrameAxis;
}

export interface Frame {
  /** Data value → pixel. */
  sx(v: number): number;
  sy(v: number): number;
  /** The plot rectangle in pixels. */
  box: { left: number; top: number; width: number; height: number };
  parts: string[];
}

export function plotFrame(o: FrameOptions): Frame {
  const { pad, x, y } = o;
  const box = {
    left: pad.left,
    top: pad.top,
    width: o.width - pad.left - pad.right,
    height: o.height - pad.top - pad.bottom,
  };
  const unit = (a: FrameAxis, v: number) => (a.log ? Math.log10(v) : v);
  const sx = (v: number) => box.left + ((unit(x, v) - x.lo) / (x.hi - x.lo)) * box.width;
  const sy = (v: number) => box.top + (1 - (unit(y, v) - y.lo) / (y.hi - y.lo)) * box.height;
  const parts = [
    `<text x="${o.width / 2}" y="16" text-anchor="middle" class="title">${escapeHtml(o.title)}</text>`,
    `<rect x="${box.left}" y="${box.top}" width="${box.width}" height="${box.height}" class="frame"/>`,
  ];
  for (const t of y.ticks) {
    const py = sy(t).toFixed(1);
    parts.push(
      `<line x1="${box.left}" x2="${box.left + box.width}" y1="${py}" y2="${py}" class="grid"/>`,
      `<text x="${box.left - 4}" y="${(Number(py) + 4).toFixed(1)}" text-anchor="end" class="tick">${axisLabel(t)}</text>`,
    );
  }
  for (const t of x.ticks)
    parts.push(
      `<text x="${sx(t).toFixed(1)}" y="${box.top + box.height + 14}" text-anchor="middle" class="tick">${axisLabel(t)}</text>`,
    );
  parts.push(
    `<text x="${box.left + box.width / 2}" y="${o.height - 6}" text-anchor="middle" class="label">${escapeHtml(x.label)}</text>`,
  );
  if (y.label)
    parts.push(
      `<text transform="translate(12 ${box.top + box.height / 2}) rotate(-90)" text-anchor="middle" class="label">${escapeHtml(y.label)}</text>`,
    );
  return { sx, sy, box, parts };
}

/** [lo, hi] of the values; when they are all equal, ±10 % around them (±0.5 around 0), so a flat line still gets an
 *  axis whose ticks read its value (a constant learning rate of 1e-3 is not drawn on a −0.5…0.5 axis as "0"). */
export function extent(values: number[]): [number, number] {
  let lo = Infinity,
    hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const d = lo === 0 ? 0.5 : Math.abs(lo) * 0.1;
  return lo === hi ? [lo - d, hi + d] : [lo, hi];
}

/** A chart's <figure>: the SVG of `parts`, with data-chart = title and data-points = the number of data points. */
export function figure(
  title: string,
  points: number,
  width: number,
  height: number,
  parts: string[],
  cls = 'chart',
): string {
  return (
    `<figure class="${cls}" data-chart="${escapeHtml(title)}" data-points="${points}">` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" ` +
    `aria-label="${escapeHtml(title)}">${parts.join('')}</svg></figure>`
  );
}

/** A chart with no data: its title and "no data". */
export function emptyFigure(title: string, cls = 'chart'): string {
  return `<figure class="${cls}" data-chart="${escapeHtml(title)}" data-points="0"><figcaption>${escapeHtml(title)}</figcaption><p class="empty">no data</p></figure>`;
}
