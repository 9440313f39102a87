// Update/weight ratio per layer (CS231n: ‖ΔW‖ / ‖W‖ per step; healthy around 1e-3, worrying outside ~1e-4..1e-2):
// far below, the learning rate is too low (weights barely move); far above, too high (weights churn).
//   updateRatio(before, after) = ‖after − before‖₂ / ‖before‖₂       (any optimizer)
//   gradUpdateRatio(lr, grad, w) = lr·‖grad‖₂ / ‖w‖₂                  (plain SGD, no momentum)
import type { FloatArray } from '../backend/types';
import { finding, fmtRate, type Finding } from './findings';

export function updateRatio(before: FloatArray, after: FloatArray): number {
  if (before.length !== after.length) {
    throw new RangeError(`updateRatio: before has ${before.length} values, after has ${after.length}`);
  }
  let du = 0,
    w = 0;
  for (let i = 0; i < before.length; i++) {
    const d = after[i] - before[i];
    du += d * d;
    w += before[i] * before[i];
  }
  return w === 0 ? (du === 0 ? 0 : Infinity) : Math.sqrt(du / w);
}

/** Every `stride`-th value of w into out (length ⌈w.length / stride⌉): the live monitor estimates ‖ΔW‖/‖W‖ of
 *  large matrices from ~16k evenly spread values instead of copying all of W every few steps. */
export function sampleStrided(w: FloatArray, stride: number, out: FloatArray): FloatArray {
  for (let i = 0, k = 0; i < w.length; i += stride, k++) out[k] = w[i];
  return out;
}

/** The stride that keeps at most `max` values of an array of length n. */
export function sampleStride(n: number, max = 16384): number {
  return Math.max(1, Math.ceil(n / max));
}

export function gradUpdateRatio(lr: number, grad: FloatArray, value: FloatArray): number {
  if (grad.length !== value.length) {
    throw new RangeError(`gradUpdateRatio: grad has ${grad.length} values, value has ${value.length}`);
  }
  let g = 0,
    w = 0;
  for (let i = 0; i < grad.length; i++) {
    g += grad[i] * grad[i];
    w += value[i] * value[i];
  }
  return w === 0 ? (g === 0 ? 0 : Infinity) : (Math.abs(lr) * Math.sqrt(g)) / Math.sqrt(w);
}

export interface LayerRatio {
  /** Parameter name, e.g. "Dense(64→32).weight". */
  name: string;
  /** Median ratio over the measured steps. */
  ratio: number;
}

export const UPDATE_RATIO_RANGE = { low: 1e-4, high: 1e-2 } as const;

export interface RatioContext {
  range?: { low: number; high: number };
  /** The learning rate, for the suggestion. */
  lr?: number;
  /** Judge only the high side: small updates are expected once the loss has converged. */
  converged?: boolean;
}

/** One 'update-ratio' warning naming every parameter outside [low, high]; null when all are inside. */
export function updateRatioFinding(ratios: readonly LayerRatio[], ctx: RatioContext = {}): Finding | null {
  const range = ctx.range ?? UPDATE_RATIO_RANGE,
    lr = ctx.lr;
  const low = ctx.converged ? [] : ratios.filter((r) => r.ratio < range.low);
  const high = ratios.filter((r) => r.ratio > range.high);
  if (low.length === 0 && high.length === 0) return null;
  const list = (rs: LayerRatio[]) => rs.map((r) => `${r.name} ${fmtRate(r.ratio)}`).join(', ');
  const parts: string[] = [];
  if (high.length) parts.push(`above ${fmtRate(range.high)} (${list(high)}): weights change too fast`);
  if (low.length) parts.push(`below ${fmtRate(range.low)} (${list(low)}): weights barely move`);
  const rate = lr === undefined ? 'the learning rate' : `the learning rate ${fmtRate(lr)}`;
  const direction = high.length >= low.length ? 'lower' : 'raise';
  return finding(
    'update-ratio',
    'warn',
    `per-step update/weight ratio (healthy ≈ 1e-3) ${parts.join('; ')}`,
    {
      ratios: ratios.map((r) => r.ratio),
      names: ratios.map((r) => r.name),
      low: range.low,
      high: range.high,
      lr: lr ?? null,
    },
    `${direction} ${rate} (or use per-layer rates)`,
  );
}

/** Median of a list (NaN for an empty one). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
