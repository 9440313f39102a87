// Coarse-to-fine: after a stage, the next one samples from ranges narrowed around its top-k configurations.
// Per numeric dimension, with t the position in the current range (log scale for log dimensions):
//   [t_min − pad, t_max + pad] ∩ [0, 1],   pad = max(margin · (t_max − t_min), minPad)
// over the top-k; a choice keeps the values the top-k used. A best value at the edge of its range is reported:
// the optimum may lie outside it (widen the range and search again).
import { fmtValue } from '../format';
import { positionOf, valueAt, type Config, type Dimension, type Space } from './spaces';

export interface NarrowOptions {
  /** Padding as a share of the top-k's spread (default 0.25). */
  margin?: number;
  /** Least padding as a share of the current range, so one winner still leaves room (default 0.05). */
  minPad?: number;
}

export function narrowSpace(space: Space, top: Config[], opts: NarrowOptions = {}): Space {
  if (top.length === 0) return space;
  const margin = opts.margin ?? 0.25;
  const minPad = opts.minPad ?? 0.05;
  const out: Space = {};
  for (const [name, dim] of Object.entries(space)) {
    if (dim.kind === 'choice') {
      const used = new Set(top.map((c) => c[name]));
      out[name] = { kind: 'choice', values: dim.values.filter((v) => used.has(v)) };
      continue;
    }
    const ts = top.map((c) => positionOf(dim, Number(c[name])));
    const lo = Math.min(...ts);
    const hi = Math.max(...ts);
    const pad = Math.max(margin * (hi - lo), minPad);
    out[name] = rescale(dim, Math.max(0, lo - pad), Math.min(1, hi + pad));
  }
  return out;
}

function rescale(dim: Exclude<Dimension, { kind: 'choice' }>, t0: number, t1: number): Dimension {
  if (dim.kind === 'int') {
    const lo = Math.max(dim.lo, Math.floor(dim.lo + t0 * (dim.hi - dim.lo)));
    const hi = Math.min(dim.hi, Math.ceil(dim.lo + t1 * (dim.hi - dim.lo)));
    return { kind: 'int', lo, hi: Math.max(lo, hi) };
  }
  return { kind: dim.kind, lo: valueAt(dim, t0) as number, hi: valueAt(dim, t1) as number };
}

/** Dimensions whose best value sits in the outer `edge` share of the range: "lr at the upper edge (0.98)". */
export function edgeWarnings(space: Space, best: Config, edge = 0.05): string[] {
  const out: string[] = [];
  for (const [name, dim] of Object.entries(space)) {
    if (dim.kind === 'choice' || dim.lo === dim.hi) continue;
    const t = positionOf(dim, Number(best[name]));
    if (t <= edge || t >= 1 - edge) {
      out.push(
        `best ${name} = ${fmtValue(best[name])} is at the ${t <= edge ? 'lower' : 'upper'} edge of [${fmtValue(dim.lo)}, ${fmtValue(dim.hi)}]: ` +
          'the optimum may lie outside; widen the range',
      );
    }
  }
  return out;
}
