// Optimizers and learning-rate schedules (import as `optim` from 'nnkit').
export { Optimizer } from './optimizer';
export type { OptimizerState } from './optimizer';
export { SGD } from './sgd';
export type { SGDOptions } from './sgd';
