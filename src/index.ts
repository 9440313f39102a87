// nnkit's public API.
export { backend, backendInfo, getBackend, nativeUnavailableReason, setBackend } from './backend';
export type { Backend, BackendInfo, BackendName, ElementwiseActivation, FloatArray, SimdLevel } from './backend/types';
export type { Conv2dShape, Pool2dShape } from './backend/window2d';
export type { NativeBackend } from './backend/native';
export { VERSION } from './version';
// bf16 bits for gemmBf16's operands (round to nearest even).
export { fromBf16Bits, toBf16Bits } from './bf16';
// Layers, initialization, losses, optimizers, gradient checks.
export * as nn from './nn';
export * as optim from './optim';
export * as init from './init';
export { AvgPool2d, Conv2d, Flatten, GlobalAvgPool2d, MaxPool2d } from './nn';
export {
  BatchNorm,
  cloneLayer,
  Dense,
  Dropout,
  ELU,
  Identity,
  Layer,
  layerFromConfig,
  LeakyReLU,
  Maxout,
  PReLU,
  registerLayer,
  ReLU,
  setDebugChecks,
  Sigmoid,
  Softmax,
  Tanh,
} from './nn';
export type { ForwardOptions, LayerConfig, LazyGradParam, Param } from './nn';
export { initFromName, INIT_NAMES } from './init';
export type { InitFn, InitName } from './init';
export {
  l2Penalty,
  lossFromName,
  LOSS_NAMES,
  MeanSquaredError,
  SigmoidBinaryCrossEntropy,
  SoftmaxCrossEntropy,
} from './losses';
export type { Loss, LossName, Targets } from './losses';
export { balancedClassWeights, WeightedCrossEntropy } from './weighted-losses';
export { gradCheck } from './gradcheck';
export type { GradCheckOptions, GradCheckResult } from './gradcheck';
export { Tensor } from './tensor';
export type { DType } from './tensor';
export { Rng } from './random';
// Training: the trainable model (also exported as Sequential: `new Sequential([...]).fit(...)`; nn.Sequential is
// the plain container), data, save/load, the report.
export { Model, Model as Sequential } from './model';
// Inference: model.freeze() → FrozenModel (BatchNorm folded, bias + ReLU fused, predictSync for one-row requests).
export { FrozenModel, MicroBatcher } from './infer';
export { ModelTrainingError } from './infer/worker-fit-gate';
export type { FreezeOptions, MicroBatcherOptions, PredictInput } from './infer';
export type { FitOptions, Evaluation, TrainerState } from './train/trainer';
export type { Precision } from './train/precision';
export type { Callbacks, Progress, TrainContext, BatchInfo } from './train/callbacks';
export type { EpochRecord, History } from './train/history';
export { EarlyStopping } from './train/early-stopping';
export type { EarlyStoppingOptions } from './train/early-stopping';
export { classificationReport, rocAuc } from './metrics/classification';
export type { ClassReport } from './metrics/classification';
export { regressionMetrics } from './metrics/regression';
export type { RegressionMetrics } from './metrics/regression';
export * as data from './data';
// The MLP recipe of `nnkit train`, `nnkit check` and the search: activation names, defaults, buildMlp.
export * as recipes from './recipes/mlp';
export type { Dataset, TrainTest } from './data';
export { loadCheckpoint, loadModel } from './io/load';
export { renderReport } from './report';
// Hyperparameter search: spaces, random/grid/coarse-to-fine, executors (in-process, worker_threads, BullMQ on Redis).
export * as search from './search';
// The babysitter: sanity checks before training, the learning-rate range test, live monitors in fit (findings).
export * as babysit from './babysit';
// Users' tables: CSV/TSV/JSON rows with typed columns, the preprocessing saved with the model, predictRows.
export * as tabular from './tabular';
export { Babysitter, check, findLearningRate } from './babysit';
export type { Finding, FindingId, Severity } from './babysit';
// ONNX: model.exportONNX(path) / `nnkit export --onnx`, importONNX(path) → a trainable model; exporters for user
// layers and preprocessing kinds.
export * as onnx from './onnx';
export { importONNX } from './onnx';
export type { ONNXExportOptions } from './onnx';
