// The shape of a loss curve, as in the lecture's figures (CS231n "Babysitting the learning process"):
//   exploding          the loss grows (or becomes NaN/Inf)                → learning rate far too high
//   flat-high          quick early drop (or none), then flat well above 0 → learning rate too high
//   slow-linear        a straight, shallow decline                        → learning rate too low
//   plateau-then-drop  flat at the initial level for a while, then drops  → bad initialization
//   healthy            a fast, exponential-looking decay that levels off
// Pure functions of a loss series (one value per optimizer step, noisy minibatch losses are fine): the series is
// cut into W = 10 windows and judged on the window means s[0..W−1] and the progress
//   f_i = (L₀ − s_i) / (L₀ − s_{W−1})   (0 at the start, 1 at the end), L₀ = the initial loss.
import { finding, fmt, fmtRate, pct, type Finding } from './findings';

export type CurveShape = 'exploding' | 'flat-high' | 'slow-linear' | 'plateau-then-drop' | 'healthy' | 'too-short';

export interface CurveDiagnosis {
  shape: CurveShape;
  steps: number;
  /** L₀: the given initial loss, else the mean of the first window. */
  initialLoss: number;
  /** Mean of the last window. */
  finalLoss: number;
  /** (L₀ − final) / L₀: the fraction of the initial loss removed. */
  relativeDrop: number;
  /** Window means s[0..W−1]. */
  windowMeans: number[];
  /** Fraction of the steps spent near L₀ before the drop (plateau-then-drop), else 0. */
  plateauFraction: number;
}

export interface CurveOptions {
  /** The loss before training; defaults to the first window's mean. */
  initialLoss?: number;
  /** Number of windows (default 10); the series needs at least two steps per window. */
  windows?: number;
}

/** Means of `windows` consecutive, nearly equal slices of the series. */
export function windowMeans(losses: ArrayLike<number>, windows: number): number[] {
  const n = losses.length;
  const means: number[] = [];
  for (let w = 0; w < windows; w++) {
    const a = Math.floor((w * n) / windows),
      b = Math.floor(((w + 1) * n) / windows);
    let s = 0;
    for (let i = a; i < b; i++) s += losses[i];
    means.push(s / Math.max(1, b - a));
  }
  return means;
}

export function classifyLossCurve(losses: ArrayLike<number>, opts: CurveOptions = {}): CurveDiagnosis {
  const W = opts.windows ?? 10;
  const n = losses.length;
  const s = n >= 2 * W ? windowMeans(losses, W) : [];
  const L0 = opts.initialLoss ?? (s.length ? s[0] : n ? losses[0] : NaN);
  const end = s.length ? s[W - 1] : n ? losses[n - 1] : NaN;
  const base: CurveDiagnosis = {
    shape: 'healthy',
    steps: n,
    initialLoss: L0,
    finalLoss: end,
    relativeDrop: (L0 - end) / L0,
    windowMeans: s,
    plateauFraction: 0,
  };
  for (let i = 0; i < n; i++) if (!Number.isFinite(losses[i])) return { ...base, shape: 'exploding' };
  if (s.length === 0) return { ...base, shape: 'too-short' };
  if (end > 1.5 * L0 || Math.max(...s) > 3 * L0) return { ...base, shape: 'exploding' };

  const drop = L0 - end;
  if (base.relativeDrop < 0.1) {
    // Little progress: a steady decline shows as a straight fit that explains most of the window-to-window spread.
    const { slope, r2 } = lineFit(s);
    const trend = -slope * (W - 1);
    return { ...base, shape: trend > 0.03 * L0 && r2 > 0.8 ? 'slow-linear' : 'flat-high' };
  }
  const f = s.map((si) => (L0 - si) / drop);
  let flat = 0;
  while (flat < W && f[flat] < 0.1) flat++;
  if (flat >= 3 && base.relativeDrop >= 0.3) return { ...base, shape: 'plateau-then-drop', plateauFraction: flat / W };
  const linear = f.every((fi, i) => Math.abs(fi - i / (W - 1)) < 0.15);
  if (linear && base.relativeDrop < 0.7) return { ...base, shape: 'slow-linear' };
  // 90 % of the progress made in the first half, and stuck at half the initial loss or more since.
  if (end >= 0.5 * L0 && f[Math.floor(W / 2)] >= 0.9) return { ...base, shape: 'flat-high' };
  return base;
}

/** Least-squares line through (i, y_i): slope and the coefficient of determination R². */
function lineFit(y: readonly number[]): { slope: number; r2: number } {
  const n = y.length;
  const mx = (n - 1) / 2,
    my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (i - mx) * (y[i] - my);
    sxx += (i - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, r2: syy === 0 ? 0 : (sxy * sxy) / (sxx * syy) };
}

export interface CurveContext {
  /** The learning rate of the run, for the message and the suggestion. */
  lr?: number;
  /** Median per-step update/weight ratio, when measured: it tells "too low" from "too high" on a flat curve. */
  updateRatio?: number;
  /** Healthy update/weight ratios (default 1e-4..1e-2). */
  updateRange?: { low: number; high: number };
}

/** The finding a curve shape calls for; null when healthy or too short to judge. */
export function lossCurveFinding(d: CurveDiagnosis, ctx: CurveContext = {}): Finding | null {
  const w = wording(d, ctx);
  switch (d.shape) {
    case 'healthy':
    case 'too-short':
      return null;
    case 'exploding':
      return finding(
        'loss-explosion',
        'error',
        `the loss grew ${w.from} over ${d.steps} steps: ${w.rate} is too high (or the data holds NaN/Inf)`,
        w.values,
        `lower the learning rate 10x${AUTO}`,
      );
    case 'slow-linear':
      return tooLow(
        w,
        `the loss fell only slowly and linearly, ${w.from} (${pct(d.relativeDrop)} lower) over ${d.steps} steps`,
      );
    case 'flat-high':
      return flatHighFinding(d, ctx, w);
    case 'plateau-then-drop':
      return finding(
        'bad-init-plateau',
        'warn',
        `the loss stayed near its initial ${fmt(d.initialLoss)} for the first ${pct(d.plateauFraction)} of ` +
          `${d.steps} steps, then dropped to ${fmt(d.finalLoss)}: a sign of bad initialization`,
        w.values,
        'initialize with He (ReLU) or Xavier (tanh) instead, or add BatchNorm',
      );
  }
}

const AUTO = ' or run with --lr auto';

/** The pieces every curve finding's message and values share. */
interface Wording {
  lr: number | undefined;
  rate: string;
  from: string;
  values: Finding['values'];
}

function wording(d: CurveDiagnosis, { lr, updateRatio }: CurveContext): Wording {
  return {
    lr,
    rate: lr === undefined ? 'the learning rate' : `the learning rate ${fmtRate(lr)}`,
    from: `from ${fmt(d.initialLoss)} to ${fmt(d.finalLoss)}`,
    values: {
      shape: d.shape,
      steps: d.steps,
      initialLoss: d.initialLoss,
      finalLoss: d.finalLoss,
      relativeDrop: d.relativeDrop,
      lr: lr ?? null,
      updateRatio: updateRatio ?? null,
    },
  };
}

// The update/weight ratio tells the causes of a flat curve apart: weights that barely move mean a learning rate too
// low; weights that move at a healthy rate mean it is not the learning rate (capacity, data).
function flatHighFinding(d: CurveDiagnosis, ctx: CurveContext, w: Wording): Finding | null {
  const { lr, updateRatio } = ctx;
  const range = ctx.updateRange ?? { low: 1e-4, high: 1e-2 };
  if (updateRatio !== undefined && updateRatio < range.low) {
    return tooLow(
      w,
      `the loss stayed flat, ${w.from} over ${d.steps} steps, with updates only ` +
        `${fmtRate(updateRatio)} of the weights per step`,
    );
  }
  if (updateRatio !== undefined && updateRatio <= range.high) return null;
  return finding(
    'lr-too-high',
    'warn',
    `the loss stopped improving at ${fmt(d.finalLoss)} (${pct(d.finalLoss / d.initialLoss)} of the initial ` +
      `${fmt(d.initialLoss)}) over ${d.steps} steps` +
      (updateRatio === undefined ? '' : `, with updates of ${fmtRate(updateRatio)} of the weights per step`) +
      `: ${w.rate} is too high for it to settle` +
      (lr === undefined ? '' : `; try ${fmtRate(lr / 10)}${AUTO}`),
    w.values,
    lr === undefined ? `lower the learning rate 10x${AUTO}` : `try a learning rate of ${fmtRate(lr / 10)}${AUTO}`,
  );
}

function tooLow({ lr, rate, values }: Wording, what: string): Finding {
  return finding(
    'lr-too-low',
    'warn',
    `${what}: ${rate} is too low` +
      (lr === undefined ? '' : `; try ${fmtRate(lr * 10)} to ${fmtRate(lr * 100)}${AUTO}`),
    values,
    lr === undefined
      ? `raise the learning rate 10x${AUTO}`
      : `try a learning rate of ${fmtRate(lr * 10)} to ${fmtRate(lr * 100)}${AUTO}`,
  );
}
