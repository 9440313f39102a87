// The pure TypeScript backend: always available, and the reference the native one is tested against.
import type { Backend } from '../types';
import { VERSION } from '../../version';
import {
  activationBackward,
  activationForward,
  maxGroupsBackward,
  maxGroupsForward,
  preluBackward,
  preluForward,
} from './activations';
import {
  batchNormBackward,
  batchNormForwardInfer,
  batchNormForwardTrain,
  batchNormReluBackward,
  batchNormReluForwardInfer,
  batchNormReluForwardTrain,
} from './batch-norm';
import { adamStep, addBias, axpy, scale, sgdStep, sumRows } from './elementwise';
import { gemm, gemmAsync, gemmBf16 } from './gemm';
import { linearForward } from './linear';
import { softmax, softmaxCrossEntropy } from './softmax';

export const jsBackend: Backend = {
  name: 'js',
  info: () => ({ name: 'js', simd: 'none', bf16: false, threads: 1, version: VERSION }),
  gemm,
  gemmAsync,
  linearForward,
  gemmBf16,
  activationForward,
  activationBackward,
  preluForward,
  preluBackward,
  maxGroupsForward,
  maxGroupsBackward,
  batchNormForwardTrain,
  batchNormForwardInfer,
  batchNormBackward,
  batchNormReluForwardTrain,
  batchNormReluForwardInfer,
  batchNormReluBackward,
  softmax,
  softmaxCrossEntropy,
  addBias,
  sumRows,
  axpy,
  scale,
  sgdStep,
  adamStep,
};
