// Inference: the frozen predictor (model.freeze()), Model.predict's plan over live layers, input coercion.
export { FrozenModel } from './frozen-model';
export type { PredictInput } from './input';
