// Optimizers and learning-rate schedules (import as `optim` from 'nnkit').
export { Optimizer } from './optimizer';
export type { OptimizerState } from './optimizer';
export { SGD } from './sgd';
export type { SGDOptions } from './sgd';
export { Adam } from './adam';
export type { AdamOptions } from './adam';
export { RMSProp } from './rmsprop';
export type { RMSPropOptions } from './rmsprop';
export {
  constantLr,
  cosineDecay,
  exponentialDecay,
  linearWarmup,
  SCHEDULE_NAMES,
  scheduleFromName,
  stepDecay,
} from './schedules';
export type { Schedule, ScheduleName, ScheduleOptions } from './schedules';
export type { OptimizerConfig } from './optimizer';
export { OPTIMIZER_NAMES, optimizerFromConfig, optimizerFromName } from './from-name';
export type { OptimizerName } from './from-name';
