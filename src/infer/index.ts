// Inference: the frozen predictor (model.freeze()), Model.predict's plan over live layers, input coercion.
export { FrozenModel } from './frozen-model';
export { MicroBatcher } from './micro-batcher';
export type { MicroBatcherOptions } from './micro-batcher';
export type { PredictInput } from './input';
export type { SharedFrozenModel } from './shared';
export type { FreezeOptions } from './precision';
