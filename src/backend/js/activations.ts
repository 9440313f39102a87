// Activations in TypeScript; formulas beside each case (see native/kernels/activations.h for the same table).
import type { ElementwiseActivation, FloatArray } from '../types';
import { ELEMENTWISE_ACTIVATIONS } from '../types';
import * as check from './check';

function kindArg(fn: string, kind: unknown): ElementwiseActivation {
  if (!ELEMENTWISE_ACTIVATIONS.includes(kind as ElementwiseActivation)) {
    throw new TypeError(`${fn}: kind must be one of ${ELEMENTWISE_ACTIVATIONS.join(', ')}, got ${String(kind)}`);
  }
  return kind as ElementwiseActivation;
}

export function activationForward(kind: ElementwiseActivation, x: FloatArray, y: FloatArray, param: number): void {
  const fn = 'activationForward';
  kindArg(fn, kind);
  check.floats(fn, 'x', x, 0);
  check.floats(fn, 'y', y, x.length);
  const a = check.finite(fn, 'param', param);
  check.sameOrDisjoint(fn, 'y', y, 'x', x);
  const n = x.length;
  switch (kind) {
    case 'identity':
      if (y !== x) y.set(x);
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) y[i] = 1 / (1 + Math.exp(-x[i]));
      return; // 1/(1+e^−x)
    case 'tanh':
      for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]);
      return;
    case 'relu':
      for (let i = 0; i < n; i++) y[i] = x[i] < 0 ? 0 : x[i];
      return; // NaN stays NaN
    case 'leaky-relu':
      for (let i = 0; i < n; i++) y[i] = x[i] < 0 ? a * x[i] : x[i];
      return;
    case 'elu':
      for (let i = 0; i < n; i++) y[i] = x[i] < 0 ? a * Math.expm1(x[i]) : x[i];
      return; // α(e^x − 1)
  }
}

export function activationBackward(
  kind: ElementwiseActivation,
  x: FloatArray,
  y: FloatArray,
  dy: FloatArray,
  dx: FloatArray,
  param: number,
): void {
  const fn = 'activationBackward';
  kindArg(fn, kind);
  check.floats(fn, 'x', x, 0);
  const n = x.length;
  check.floats(fn, 'y', y, n);
  check.floats(fn, 'dy', dy, n);
  check.floats(fn, 'dx', dx, n);
  const a = check.finite(fn, 'param', param);
  check.sameOrDisjoint(fn, 'dx', dx, 'dy', dy);
  check.sameOrDisjoint(fn, 'dx', dx, 'x', x);
  check.sameOrDisjoint(fn, 'dx', dx, 'y', y);
  switch (kind) {
    case 'identity':
      if (dx !== dy) dx.set(dy.subarray(0, n));
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) dx[i] = dy[i] * y[i] * (1 - y[i]);
      return; // σ' = y(1 − y)
    case 'tanh':
      for (let i = 0; i < n; i++) dx[i] = dy[i] * (1 - y[i] * y[i]);
      return; // tanh' = 1 − y²
    case 'relu':
      for (let i = 0; i < n; i++) dx[i] = x[i] > 0 ? dy[i] : 0;
      return; // 1[x > 0]
    case 'leaky-relu':
      for (let i = 0; i < n; i++) dx[i] = x[i] > 0 ? dy[i] : a * dy[i];
      return;
    case 'elu':
      for (let i = 0; i < n; i++) dx[i] = x[i] > 0 ? dy[i] : dy[i] * (y[i] + a);
      return; // αe^x = y + α
  }
}

function slopeChannels(fn: string, slope: FloatArray, cols: number): void {
  if (slope.length !== 1 && slope.length !== cols) {
    throw new RangeError(
      `${fn}: slope must have 1 element (shared) or cols = ${cols} (per channel), has ${slope.length}`,
    );
  }
}

export function preluForward(rows: number, cols: number, x: FloatArray, slope: FloatArray, y: FloatArray): void {
  const fn = 'preluForward';
  check.size(fn, 'rows', rows);
  check.size(fn, 'cols', cols);
  const n = rows * cols;
  check.floats(fn, 'x', x, n);
  check.floats(fn, 'slope', slope, 1);
  check.floats(fn, 'y', y, n);
  slopeChannels(fn, slope, cols);
  check.sameOrDisjoint(fn, 'y', y, 'x', x);
  check.disjoint(fn, 'y', y, 'slope', slope);
  const shared = slope.length === 1;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      y[i] = x[i] < 0 ? (shared ? slope[0] : slope[c]) * x[i] : x[i];
    }
  }
}

export function preluBackward(
  rows: number,
  cols: number,
  x: FloatArray,
  dy: FloatArray,
  slope: FloatArray,
  dx: FloatArray,
  dslope: FloatArray,
): void {
  const fn = 'preluBackward';
  check.size(fn, 'rows', rows);
  check.size(fn, 'cols', cols);
  const n = rows * cols;
  check.floats(fn, 'x', x, n);
  check.floats(fn, 'dy', dy, n);
  check.floats(fn, 'slope', slope, 1);
  check.floats(fn, 'dx', dx, n);
  check.floats(fn, 'dslope', dslope, slope.length);
  slopeChannels(fn, slope, cols);
  check.sameOrDisjoint(fn, 'dx', dx, 'dy', dy);
  check.disjoint(fn, 'dx', dx, 'x', x);
  check.disjoint(fn, 'dx', dx, 'slope', slope);
  for (const [name, other] of [
    ['x', x],
    ['dy', dy],
    ['dx', dx],
    ['slope', slope],
  ] as const) {
    check.disjoint(fn, 'dslope', dslope, name, other);
  }
  const shared = slope.length === 1;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c,
        ch = shared ? 0 : c;
      if (x[i] > 0) {
        dx[i] = dy[i];
      } else {
        dslope[ch] += dy[i] * x[i]; // ∂y/∂a = x where x ≤ 0
        dx[i] = slope[ch] * dy[i];
      }
    }
  }
}

export function maxGroupsForward(
  rows: number,
  groups: number,
  k: number,
  x: FloatArray,
  y: FloatArray,
  argmax: Int32Array,
): void {
  const fn = 'maxGroupsForward';
  check.size(fn, 'rows', rows);
  check.size(fn, 'groups', groups);
  check.size(fn, 'k', k, 1);
  check.floats(fn, 'x', x, rows * groups * k);
  check.floats(fn, 'y', y, rows * groups);
  check.ints(fn, 'argmax', argmax, rows * groups);
  check.disjoint(fn, 'y', y, 'x', x);
  for (let i = 0; i < rows * groups; i++) {
    const base = i * k;
    let best = 0;
    for (let j = 1; j < k; j++) {
      const v = x[base + j],
        b = x[base + best];
      if (b !== b) break; // a NaN winner stays: NaN propagates
      if (v > b || v !== v) best = j;
    }
    y[i] = x[base + best];
    argmax[i] = best;
  }
}

export function maxGroupsBackward(
  rows: number,
  groups: number,
  k: number,
  dy: FloatArray,
  argmax: Int32Array,
  dx: FloatArray,
): void {
  const fn = 'maxGroupsBackward';
  check.size(fn, 'rows', rows);
  check.size(fn, 'groups', groups);
  check.size(fn, 'k', k, 1);
  const n = rows * groups;
  check.floats(fn, 'dy', dy, n);
  check.ints(fn, 'argmax', argmax, n);
  check.floats(fn, 'dx', dx, n * k);
  check.disjoint(fn, 'dx', dx, 'dy', dy);
  for (let i = 0; i < n; i++) {
    if (argmax[i] < 0 || argmax[i] >= k) {
      throw new RangeError(`${fn}: argmax[${i}] = ${argmax[i]} is outside [0, k = ${k})`);
    }
  }
  dx.fill(0, 0, n * k);
  for (let i = 0; i < n; i++) dx[i * k + argmax[i]] = dy[i];
}
