// linearForward: y [M,N] = act(x [M,K] · op(w) + bias [N]), w [N,K] when wOutIn (op = ᵀ) else [K,N]; act 'identity'
// or 'relu' (formula in ../types.ts). linearForwardPanels: the same with w in full-K panels [⌈N/P⌉, K, P].
// The reference composition of the three steps the native kernel fuses: gemm (per panel), addBias, relu.
import { ELEMENTWISE_ACTIVATIONS, type FloatArray, type LinearActivation } from '../types';
import { activationForward } from './activations';
import * as check from './check';
import { addBias } from './elementwise';
import { gemm } from './gemm';

export function linearForward(
  M: number,
  N: number,
  K: number,
  x: FloatArray,
  w: FloatArray,
  wOutIn: boolean,
  bias: FloatArray | null,
  activation: LinearActivation,
  y: FloatArray,
): void {
  const fn = 'linearForward';
  checkShapes(fn, M, N, K, x);
  check.floats(fn, 'w', w, N * K);
  if (typeof wOutIn !== 'boolean') throw new TypeError(`${fn}: wOutIn must be a boolean, got ${typeof wOutIn}`);
  checkEpilogue(fn, M, N, x, w, bias, activation, y);
  if (M === 0 || N === 0) return;
  gemm(false, wOutIn, M, N, K, 1, x, Math.max(1, K), w, Math.max(1, wOutIn ? K : N), 0, y, N);
  epilogue(M, N, bias, activation, y);
}

export function linearForwardPanels(
  M: number,
  N: number,
  K: number,
  x: FloatArray,
  w: FloatArray,
  panel: number,
  bias: FloatArray | null,
  activation: LinearActivation,
  y: FloatArray,
): void {
  const fn = 'linearForwardPanels';
  checkShapes(fn, M, N, K, x);
  check.size(fn, 'panel', panel, 1);
  check.floats(fn, 'w', w, Math.ceil(N / panel) * K * panel);
  checkEpilogue(fn, M, N, x, w, bias, activation, y);
  if (M === 0 || N === 0) return;
  // Panel i is the [K, panel] row-major block of columns i·panel … of op(w).
  for (let j = 0; j < N; j += panel)
    gemm(
      false,
      false,
      M,
      Math.min(panel, N - j),
      K,
      1,
      x,
      Math.max(1, K),
      w.subarray(j * K),
      panel,
      0,
      y.subarray(j),
      N,
    );
  epilogue(M, N, bias, activation, y);
}

export function checkShapes(fn: string, M: number, N: number, K: number, x: FloatArray): void {
  check.size(fn, 'M', M);
  check.size(fn, 'N', N);
  check.size(fn, 'K', K);
  check.floats(fn, 'x', x, M * K);
}

export function checkEpilogue(
  fn: string,
  M: number,
  N: number,
  x: FloatArray,
  w: ArrayBufferView,
  bias: FloatArray | null,
  activation: LinearActivation,
  y: FloatArray,
): void {
  if (bias !== null) check.floats(fn, 'bias', bias, N);
  if (!ELEMENTWISE_ACTIVATIONS.includes(activation)) {
    throw new TypeError(`${fn}: kind must be one of ${ELEMENTWISE_ACTIVATIONS.join(', ')}, got ${String(activation)}`);
  }
  if (activation !== 'identity' && activation !== 'relu') {
    throw new RangeError(`${fn}: kind must be identity or relu (other activations run as their own step)`);
  }
  check.floats(fn, 'y', y, M * N);
  check.disjoint(fn, 'y', y, 'x', x);
  check.disjoint(fn, 'y', y, 'w', w);
  if (bias !== null) check.disjoint(fn, 'y', y, 'bias', bias);
}

function epilogue(M: number, N: number, bias: FloatArray | null, activation: LinearActivation, y: FloatArray): void {
  if (bias !== null) addBias(M, N, y, bias);
  if (activation === 'relu') activationForward('relu', y.subarray(0, M * N), y.subarray(0, M * N), 0);
}
