// BatchNorm kernels over x [N, C, S] (S = 1 for dense features); formulas in ../types.ts and
// native/kernels/batchnorm.h. Statistics accumulate in float64 (JS numbers), as the native kernel does.
import type { FloatArray } from '../types';
import * as check from './check';

function dims(fn: string, N: number, C: number, S: number): number {
  check.size(fn, 'N', N, 1);
  check.size(fn, 'C', C, 1);
  check.size(fn, 'S', S, 1);
  return N * C * S;
}

/** Every output array disjoint from every other array named (the names are the keys, in order). */
function eachDisjoint(fn: string, outs: Record<string, FloatArray>, others: Record<string, FloatArray>): void {
  for (const [name, out] of Object.entries(outs))
    for (const [other, arr] of Object.entries(others)) check.disjoint(fn, name, out, other, arr);
}

function epsArg(fn: string, eps: number): number {
  if (!(check.finite(fn, 'eps', eps) > 0)) throw new RangeError(`${fn}: eps must be > 0`);
  return eps;
}

export function batchNormForwardTrain(
  N: number,
  C: number,
  S: number,
  x: FloatArray,
  gamma: FloatArray,
  beta: FloatArray,
  eps: number,
  y: FloatArray,
  mean: FloatArray,
  variance: FloatArray,
  invStd: FloatArray,
): void {
  forwardTrain('batchNormForwardTrain', false, N, C, S, x, gamma, beta, eps, y, mean, variance, invStd);
}

/** batchNormForwardTrain, then y = max(0, y) (NaN stays NaN). */
export function batchNormReluForwardTrain(
  N: number,
  C: number,
  S: number,
  x: FloatArray,
  gamma: FloatArray,
  beta: FloatArray,
  eps: number,
  y: FloatArray,
  mean: FloatArray,
  variance: FloatArray,
  invStd: FloatArray,
): void {
  forwardTrain('batchNormReluForwardTrain', true, N, C, S, x, gamma, beta, eps, y, mean, variance, invStd);
}

function forwardTrain(
  fn: string,
  relu: boolean,
  N: number,
  C: number,
  S: number,
  x: FloatArray,
  gamma: FloatArray,
  beta: FloatArray,
  eps: number,
  y: FloatArray,
  mean: FloatArray,
  variance: FloatArray,
  invStd: FloatArray,
): void {
  const total = dims(fn, N, C, S);
  check.floats(fn, 'x', x, total);
  check.floats(fn, 'gamma', gamma, C);
  check.floats(fn, 'beta', beta, C);
  epsArg(fn, eps);
  check.floats(fn, 'y', y, total);
  check.floats(fn, 'mean', mean, C);
  check.floats(fn, 'variance', variance, C);
  check.floats(fn, 'invStd', invStd, C);
  check.disjoint(fn, 'y', y, 'x', x);
  eachDisjoint(fn, { mean, variance, invStd }, { x, y, gamma, beta });
  check.disjoint(fn, 'mean', mean, 'variance', variance);
  check.disjoint(fn, 'mean', mean, 'invStd', invStd);
  check.disjoint(fn, 'variance', variance, 'invStd', invStd);
  const m = N * S;
  for (let c = 0; c < C; c++) {
    let sum = 0;
    for (let i = 0; i < N; i++) for (let j = 0, o = (i * C + c) * S; j < S; j++) sum += x[o + j];
    const mu = sum / m;
    let sq = 0;
    for (let i = 0; i < N; i++) for (let j = 0, o = (i * C + c) * S; j < S; j++) sq += (x[o + j] - mu) ** 2;
    const v = sq / m; // biased: the variance that normalizes (the running estimate uses the unbiased one)
    const is = 1 / Math.sqrt(v + eps);
    mean[c] = mu;
    variance[c] = v;
    invStd[c] = is;
    const g = gamma[c],
      b = beta[c];
    for (let i = 0; i < N; i++)
      for (let j = 0, o = (i * C + c) * S; j < S; j++) y[o + j] = g * (x[o + j] - mu) * is + b;
  }
  if (relu) clampAtZero(y, N * C * S);
}

function clampAtZero(y: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) if (y[i] < 0) y[i] = 0;
}

export function batchNormForwardInfer(
  N: number,
  C: number,
  S: number,
  x: FloatArray,
  gamma: FloatArray,
  beta: FloatArray,
  runningMean: FloatArray,
  runningVar: FloatArray,
  eps: number,
  y: FloatArray,
): void {
  forwardInfer('batchNormForwardInfer', false, N, C, S, x, gamma, beta, runningMean, runningVar, eps, y);
}

/** batchNormForwardInfer, then y = max(0, y). */
export function batchNormReluForwardInfer(
  N: number,
  C: number,
  S: number,
  x: FloatArray,
  gamma: FloatArray,
  beta: FloatArray,
  runningMean: FloatArray,
  runningVar: FloatArray,
  eps: number,
  y: FloatArray,
): void {
  forwardInfer('batchNormReluForwardInfer', true, N, C, S, x, gamma, beta, runningMean, runningVar, eps, y);
}

function forwardInfer(
  fn: string,
  relu: boolean,
  N: number,
  C: number,
  S: number,
  x: FloatArray,
  gamma: FloatArray,
  beta: FloatArray,
  runningMean: FloatArray,
  runningVar: FloatArray,
  eps: number,
  y: FloatArray,
): void {
  const total = dims(fn, N, C, S);
  check.floats(fn, 'x', x, total);
  check.floats(fn, 'gamma', gamma, C);
  check.floats(fn, 'beta', beta, C);
  check.floats(fn, 'runningMean', runningMean, C);
  check.floats(fn, 'runningVar', runningVar, C);
  epsArg(fn, eps);
  check.floats(fn, 'y', y, total);
  check.sameOrDisjoint(fn, 'y', y, 'x', x);
  for (const [name, arr] of [
    ['gamma', gamma],
    ['beta', beta],
    ['runningMean', runningMean],
    ['runningVar', runningVar],
  ] as const) {
    check.disjoint(fn, 'y', y, name, arr);
  }
  for (let c = 0; c < C; c++) {
    const scale = gamma[c] / Math.sqrt(runningVar[c] + eps),
      shift = beta[c] - runningMean[c] * scale;
    for (let i = 0; i < N; i++) for (let j = 0, o = (i * C + c) * S; j < S; j++) y[o + j] = x[o + j] * scale + shift;
  }
  if (relu) clampAtZero(y, N * C * S);
}

export function batchNormBackward(
  N: number,
  C: number,
  S: number,
  x: FloatArray,
  dy: FloatArray,
  gamma: FloatArray,
  mean: FloatArray,
  invStd: FloatArray,
  dx: FloatArray,
  dgamma: FloatArray,
  dbeta: FloatArray,
): void {
  backward('batchNormBackward', N, C, S, x, null, dy, gamma, mean, invStd, dx, dgamma, dbeta);
}

/** batchNormBackward with dy replaced by g = dy·1[y > 0], y the output of batchNormReluForwardTrain. */
export function batchNormReluBackward(
  N: number,
  C: number,
  S: number,
  x: FloatArray,
  y: FloatArray,
  dy: FloatArray,
  gamma: FloatArray,
  mean: FloatArray,
  invStd: FloatArray,
  dx: FloatArray,
  dgamma: FloatArray,
  dbeta: FloatArray,
): void {
  backward('batchNormReluBackward', N, C, S, x, y, dy, gamma, mean, invStd, dx, dgamma, dbeta);
}

function backward(
  fn: string,
  N: number,
  C: number,
  S: number,
  x: FloatArray,
  y: FloatArray | null,
  dy: FloatArray,
  gamma: FloatArray,
  mean: FloatArray,
  invStd: FloatArray,
  dx: FloatArray,
  dgamma: FloatArray,
  dbeta: FloatArray,
): void {
  const total = dims(fn, N, C, S);
  check.floats(fn, 'x', x, total);
  if (y !== null) {
    check.floats(fn, 'y', y, total);
    eachDisjoint(fn, { dx, dgamma, dbeta }, { y });
  }
  check.floats(fn, 'dy', dy, total);
  check.floats(fn, 'gamma', gamma, C);
  check.floats(fn, 'mean', mean, C);
  check.floats(fn, 'invStd', invStd, C);
  check.floats(fn, 'dx', dx, total);
  check.floats(fn, 'dgamma', dgamma, C);
  check.floats(fn, 'dbeta', dbeta, C);
  check.disjoint(fn, 'dx', dx, 'x', x);
  check.disjoint(fn, 'dx', dx, 'dy', dy);
  eachDisjoint(fn, { dx, dgamma, dbeta }, { gamma, mean, invStd });
  eachDisjoint(fn, { dgamma, dbeta }, { x, dy, dx });
  check.disjoint(fn, 'dgamma', dgamma, 'dbeta', dbeta);
  const m = N * S;
  for (let c = 0; c < C; c++) {
    const mu = mean[c],
      is = invStd[c];
    let sumDy = 0,
      sumDyXhat = 0;
    for (let i = 0; i < N; i++) {
      for (let j = 0, o = (i * C + c) * S; j < S; j++) {
        const g = y === null || y[o + j] > 0 ? dy[o + j] : 0;
        sumDy += g;
        sumDyXhat += g * (x[o + j] - mu) * is;
      }
    }
    dbeta[c] = sumDy; // dβ = Σ dy
    dgamma[c] = sumDyXhat; // dγ = Σ dy·x̂
    const k = gamma[c] * is,
      meanDy = sumDy / m,
      meanDyXhat = sumDyXhat / m;
    // dx = γ·invstd·(dy − mean(dy) − x̂·mean(dy·x̂))
    for (let i = 0; i < N; i++) {
      for (let j = 0, o = (i * C + c) * S; j < S; j++) {
        const g = y === null || y[o + j] > 0 ? dy[o + j] : 0;
        dx[o + j] = k * (g - meanDy - (x[o + j] - mu) * is * meanDyXhat);
      }
    }
  }
}
