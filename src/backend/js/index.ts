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
import { conv2dBackwardData, conv2dBackwardFilter, conv2dForward } from './conv2d';
import { adamStep, addBias, axpy, fillZero, firstNonFinite, gatherRows, scale, sgdStep, sumRows } from './elementwise';
import { gemm, gemmAsync, gemmBf16 } from './gemm';
import { linearForward, linearForwardPanels } from './linear';
import { linearForwardPanelsBf16, packBf16Panels } from './linear-bf16';
import { avgPool2dBackward, avgPool2dForward, maxPool2dBackward, maxPool2dForward } from './pool2d';
import { softmax, softmaxCrossEntropy } from './softmax';

export const jsBackend: Backend = {
  name: 'js',
  info: () => ({ name: 'js', simd: 'none', bf16: false, panel: 0, threads: 1, version: VERSION }),
  gemm,
  gemmAsync,
  linearForward,
  linearForwardPanels,
  packBf16Panels,
  linearForwardPanelsBf16,
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
  fillZero,
  firstNonFinite,
  sgdStep,
  adamStep,
  gatherRows,
  conv2dForward,
  conv2dBackwardData,
  conv2dBackwardFilter,
  maxPool2dForward,
  maxPool2dBackward,
  avgPool2dForward,
  avgPool2dBackward,
};
