// nnkit's public API.
export { backend, backendInfo, getBackend, nativeUnavailableReason, setBackend } from './backend';
export type { Backend, BackendInfo, BackendName, ElementwiseActivation, FloatArray, SimdLevel } from './backend/types';
export { VERSION } from './version';
// Layers, initialization, losses, optimizers, gradient checks.
export * as nn from './nn';
export * as optim from './optim';
export * as init from './init';
export {
  BatchNorm, cloneLayer, Dense, Dropout, ELU, Identity, Layer, layerFromConfig, LeakyReLU, Maxout, PReLU, registerLayer,
  ReLU, Sequential, setDebugChecks, Sigmoid, Softmax, Tanh,
} from './nn';
export type { ForwardOptions, LayerConfig, Param } from './nn';
export { initFromName, INIT_NAMES } from './init';
export type { InitFn, InitName } from './init';
export { l2Penalty, lossFromName, LOSS_NAMES, MeanSquaredError, SigmoidBinaryCrossEntropy, SoftmaxCrossEntropy } from './losses';
export type { Loss, LossName, Targets } from './losses';
export { gradCheck } from './gradcheck';
export type { GradCheckOptions, GradCheckResult } from './gradcheck';
export { Tensor } from './tensor';
export type { DType } from './tensor';
export { Rng } from './random';
