// Activation statistics of one layer's output y [N, units] on a probe batch, and the lecture's init failure modes:
//   all-zero init      → units identical (symmetry never breaks: every unit learns the same thing)   symmetric-init
//   N(0, 0.01), deep   → std shrinks layer by layer towards 0 (gradients vanish with it)           vanishing-activations
//   N(0, 1)            → tanh/sigmoid units pinned at ±1 / 0,1 (gradient ≈ 0)                         saturation
//   ReLU               → units that output 0 for every sample never learn again                       dead-relu
import type { FloatArray } from '../backend/types';
import { finding, fmt, pct, type Finding } from './findings';

export type ActivationKind = 'relu' | 'tanh' | 'sigmoid' | 'other';

export interface ActivationStats {
  /** The layer's name, e.g. "ReLU#2". */
  layer: string;
  kind: ActivationKind;
  units: number;
  mean: number;
  std: number;
  /** ReLU: fraction of units whose output is 0 for every sample of the batch. */
  deadFraction: number;
  /** tanh |y| > 0.99, sigmoid y < 0.01 or > 0.99: fraction of all values. */
  saturatedFraction: number;
  /** Fraction of non-constant units whose outputs equal another unit's on every sample. */
  identicalFraction: number;
}

/** Saturation bounds per kind: tanh |y| > 0.99, sigmoid y < 0.01 or > 0.99, none for the others. */
const SATURATION: Record<ActivationKind, readonly [number, number]> = {
  tanh: [-0.99, 0.99],
  sigmoid: [0.01, 0.99],
  relu: [-Infinity, Infinity],
  other: [-Infinity, Infinity],
};

export function activationStats(
  layer: string,
  kind: ActivationKind,
  y: FloatArray,
  rows: number,
  units: number,
): ActivationStats {
  if (y.length !== rows * units) {
    throw new RangeError(`activationStats(${layer}): y has ${y.length} values, expected ${rows}·${units}`);
  }
  // One row-major pass: moments, saturation, per-unit "ever > 0" and "ever differs from row 0", and a random
  // projection of each unit's column (for the identical-unit search). The flags are or-ed in, not stored under an
  // `if`: ReLU outputs are zero about half the time, and the mispredicted branches made the pass ~4× slower.
  const [low, high] = SATURATION[kind]; // saturated: v < low or v > high
  let sum = 0,
    sq = 0,
    saturated = 0;
  const alive = new Int32Array(units),
    varies = new Int32Array(units),
    proj = new Float64Array(units);
  for (let r = 0; r < rows; r++) {
    const o = r * units,
      weight = projectionWeight(r);
    for (let u = 0; u < units; u++) {
      const v = y[o + u];
      sum += v;
      sq += v * v;
      saturated += +(v < low || v > high);
      alive[u] |= +(v > 0);
      varies[u] |= +(v !== y[u]);
      proj[u] += v * weight;
    }
  }
  const n = Math.max(1, y.length);
  const mean = sum / n;
  let dead = 0;
  for (let u = 0; u < units; u++) if (!alive[u]) dead++;
  return {
    layer,
    kind,
    units,
    mean,
    std: Math.sqrt(Math.max(0, sq / n - mean * mean)),
    deadFraction: kind === 'relu' ? dead / Math.max(1, units) : 0,
    saturatedFraction: kind === 'tanh' || kind === 'sigmoid' ? saturated / n : 0,
    // constant units (dead ReLUs among them) are not "identical" in the symmetry sense
    identicalFraction: identicalFraction(proj, rows, (u, r) => y[r * units + u], varies),
  };
}

/** Fraction of the rows of W [rows, cols] (a Dense weight: one row per unit) equal to another row. */
export function identicalRowsFraction(w: FloatArray, rows: number, cols: number): number {
  const proj = new Float64Array(rows);
  for (let u = 0; u < rows; u++) {
    let p = 0;
    for (let i = 0, o = u * cols; i < cols; i++) p += w[o + i] * projectionWeight(i);
    proj[u] = p;
  }
  return identicalFraction(proj, cols, (u, c) => w[u * cols + c]);
}

/** A fixed pseudo-random weight in [1, 2) for position i. */
function projectionWeight(i: number): number {
  return 1 + ((Math.imul(i, 2654435761) >>> 0) % 1000) / 1000;
}

// Items u ∈ [0, count) with a random projection proj[u] of their vectors at(u, 0..len−1): sorting by the projection
// puts equal vectors next to each other; neighbours are then compared in full (relative tolerance 1e-5: tiny values
// are not equal just because they are tiny). Only items with keep[u] (default all) take part.
// O(count·log count) plus a comparison per neighbour pair, which stops at the first differing value.
function identicalFraction(
  proj: Float64Array,
  len: number,
  at: (u: number, i: number) => number,
  keep?: Int32Array,
): number {
  const count = proj.length;
  if (count < 2) return 0;
  const order = Array.from({ length: count }, (_, u) => u)
    .filter((u) => !keep || keep[u])
    .sort((a, b) => proj[a] - proj[b]);
  const twin = new Uint8Array(count);
  for (let k = 1; k < order.length; k++) {
    const a = order[k - 1],
      b = order[k];
    let equal = true;
    for (let i = 0; i < len && equal; i++) {
      const x = at(a, i),
        y = at(b, i);
      if (Math.abs(x - y) > 1e-5 * Math.max(Math.abs(x), Math.abs(y))) equal = false;
    }
    if (equal) twin[a] = twin[b] = 1;
  }
  return twin.reduce((s, t) => s + t, 0) / count;
}

export interface ActivationThresholds {
  /** Dead ReLU units above this fraction warn (default 0.4; 10–20 % is common in healthy nets). */
  dead?: number;
  /** Saturated tanh/sigmoid values above this fraction warn (default 0.2). */
  saturated?: number;
  /** Deepest/first activation std below this ratio, over ≥ 3 activation layers, warns (default 1e-2). */
  vanishing?: number;
  /** Identical units (or weight rows) above this fraction warn (default 0.5). */
  symmetric?: number;
}

export interface SymmetricWeights {
  /** Parameter name, e.g. "Dense(64→32).weight". */
  name: string;
  identicalFraction: number;
}

/** Findings for the activations of a model's layers in order (input side first), plus weight symmetry. */
export function activationFindings(
  stats: readonly ActivationStats[],
  weights: readonly SymmetricWeights[] = [],
  t: ActivationThresholds = {},
): Finding[] {
  // Symmetry is the root cause: dead or vanishing units follow from it, so it is reported alone.
  const symmetry = symmetryFinding(stats, weights, t.symmetric ?? 0.5);
  if (symmetry) return [symmetry];
  return [
    saturationFinding(stats, t.saturated ?? 0.2),
    deadReluFinding(stats, t.dead ?? 0.4),
    vanishingFinding(stats, t.vanishing ?? 1e-2),
  ].filter((f): f is Finding => f !== null);
}

function symmetryFinding(
  stats: readonly ActivationStats[],
  weights: readonly SymmetricWeights[],
  symmetric: number,
): Finding | null {
  const symLayers = stats.filter((s) => s.identicalFraction > symmetric);
  const symWeights = weights.filter((w) => w.identicalFraction > symmetric);
  if (!symLayers.length && !symWeights.length) return null;
  const names = [
    ...symWeights.map((w) => `${w.name} (${pct(w.identicalFraction)} of rows identical)`),
    ...symLayers.map((s) => `${s.layer} (${pct(s.identicalFraction)} of units identical)`),
  ];
  return finding(
    'symmetric-init',
    'error',
    `units are identical to each other in ${names.join(', ')}: the initialization did not break symmetry, so ` +
      'every unit of a layer gets the same gradient and learns the same thing',
    { layers: [...symWeights.map((w) => w.name), ...symLayers.map((s) => s.layer)] },
    'initialize weights randomly (He for ReLU, Xavier for tanh), not with zeros or a constant',
  );
}

function saturationFinding(stats: readonly ActivationStats[], saturated: number): Finding | null {
  const sat = stats.filter((s) => s.saturatedFraction > saturated);
  if (!sat.length) return null;
  return finding(
    'saturation',
    'warn',
    `saturated units: ${sat.map((s) => `${s.layer} ${pct(s.saturatedFraction)}`).join(', ')} of outputs at the ` +
      'flat ends of the activation, where the gradient is ≈ 0: the initial weights are too large',
    { layers: sat.map((s) => s.layer), fractions: sat.map((s) => s.saturatedFraction) },
    'use Xavier initialization (std 1/sqrt(fan-in)) for tanh/sigmoid, or add BatchNorm before the activation',
  );
}

function deadReluFinding(stats: readonly ActivationStats[], dead: number): Finding | null {
  const deadLayers = stats.filter((s) => s.deadFraction > dead);
  if (!deadLayers.length) return null;
  return finding(
    'dead-relu',
    'warn',
    `dead ReLUs: ${deadLayers.map((s) => `${s.layer} ${pct(s.deadFraction)}`).join(', ')} of units output 0 ` +
      'for every sample and will not learn again',
    { layers: deadLayers.map((s) => s.layer), fractions: deadLayers.map((s) => s.deadFraction) },
    'lower the learning rate, use He initialization, or try leaky ReLU / ELU',
  );
}

// Judged over ≥ 3 activation layers: the deepest std over the first below `vanishing`.
function vanishingFinding(stats: readonly ActivationStats[], vanishing: number): Finding | null {
  if (stats.length < 3) return null;
  const first = stats[0].std,
    last = stats[stats.length - 1].std;
  if (!(first > 0 && last / first < vanishing)) return null;
  return finding(
    'vanishing-activations',
    'warn',
    `activations shrink layer by layer: std ${stats.map((s) => fmt(s.std, 2)).join(' → ')} over ${stats.length} ` +
      'layers, so the gradients vanish too: the initial weights are too small for this depth',
    { layers: stats.map((s) => s.layer), std: stats.map((s) => s.std) },
    'use He initialization (ReLU) or Xavier (tanh), or add BatchNorm',
  );
}
