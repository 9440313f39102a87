// The kernels of the Backend interface by name, with the number of arguments each takes: the table the native
// loader checks the addon against (an addon missing a kernel is refused at load, naming it, instead of failing at
// its first call), and that the tests check both backends against. `satisfies` keeps it complete: adding a kernel
// to Backend without listing it here, or listing one Backend does not have, does not compile.
import type { Backend } from './types';

export type KernelName = Exclude<keyof Backend, 'name' | 'info'>;

export const KERNEL_ARITY = {
  gemm: 13,
  gemmAsync: 13,
  linearForward: 9,
  linearForwardPanels: 9,
  packBf16Panels: 5,
  linearForwardPanelsBf16: 9,
  gemmBf16: 13,
  activationForward: 4,
  activationBackward: 6,
  preluForward: 5,
  preluBackward: 7,
  maxGroupsForward: 6,
  maxGroupsBackward: 6,
  batchNormForwardTrain: 11,
  batchNormForwardInfer: 10,
  batchNormBackward: 11,
  batchNormReluForwardTrain: 11,
  batchNormReluForwardInfer: 10,
  batchNormReluBackward: 12,
  softmax: 4,
  softmaxCrossEntropy: 5,
  addBias: 4,
  sumRows: 5,
  axpy: 4,
  scale: 3,
  fillZero: 2,
  firstNonFinite: 2,
  sgdStep: 9,
  adamStep: 11,
  gatherRows: 6,
  conv2dForward: 6,
  conv2dBackwardData: 5,
  conv2dBackwardFilter: 6,
  maxPool2dForward: 4,
  maxPool2dBackward: 4,
  avgPool2dForward: 3,
  avgPool2dBackward: 3,
} as const satisfies Record<KernelName, number>;

export const KERNEL_NAMES = Object.keys(KERNEL_ARITY) as KernelName[];
