// Softmax and fused softmax cross-entropy, stable via log-sum-exp (formulas in native/kernels/softmax.h).
import type { FloatArray } from '../types';
import * as check from './check';

export function softmax(N: number, C: number, z: FloatArray, p: FloatArray): void {
  const fn = 'softmax';
  check.size(fn, 'N', N);
  check.size(fn, 'C', C, 1);
  check.floats(fn, 'z', z, N * C);
  check.floats(fn, 'p', p, N * C);
  check.sameOrDisjoint(fn, 'p', p, 'z', z);
  for (let i = 0; i < N; i++) {
    const o = i * C;
    let m = z[o];
    for (let j = 1; j < C; j++) if (z[o + j] > m) m = z[o + j];
    let sum = 0;
    for (let j = 0; j < C; j++) sum += p[o + j] = Math.exp(z[o + j] - m);
    for (let j = 0; j < C; j++) p[o + j] /= sum;
  }
}

export function softmaxCrossEntropy(
  N: number,
  C: number,
  z: FloatArray,
  labels: Int32Array,
  dlogits: FloatArray | null,
): number {
  const fn = 'softmaxCrossEntropy';
  check.size(fn, 'N', N, 1);
  check.size(fn, 'C', C, 1);
  check.floats(fn, 'z', z, N * C);
  check.ints(fn, 'labels', labels, N);
  if (dlogits !== null && dlogits !== undefined) {
    check.floats(fn, 'dlogits', dlogits, N * C);
    check.disjoint(fn, 'dlogits', dlogits, 'z', z);
    check.disjoint(fn, 'dlogits', dlogits, 'labels', labels);
  }
  for (let i = 0; i < N; i++) {
    if (!(labels[i] >= 0 && labels[i] < C)) {
      throw new RangeError(`${fn}: labels[${i}] = ${labels[i]} is outside [0, C = ${C})`);
    }
  }
  let total = 0;
  for (let i = 0; i < N; i++) {
    const o = i * C;
    let m = z[o];
    for (let j = 1; j < C; j++) if (z[o + j] > m) m = z[o + j];
    let sum = 0;
    for (let j = 0; j < C; j++) sum += Math.exp(z[o + j] - m);
    total += m + Math.log(sum) - z[o + labels[i]]; // −log p_t = m + log Σ e^(z−m) − z_t
    if (dlogits) {
      for (let j = 0; j < C; j++) dlogits[o + j] = Math.exp(z[o + j] - m) / sum / N; // (p − onehot)/N
      dlogits[o + labels[i]] -= 1 / N;
    }
  }
  return total / N;
}
