// Hyperparameter search (exported as `search` from nnkit):
//   const res = await search.run({ space: { lr: search.logUniform(1e-4, 1), reg: search.logUniform(1e-6, 1e-2) },
//     data: { kind: 'digits' }, executor: new search.WorkerPoolExecutor(),
//     stages: [{ trials: 40, epochs: 2, subsample: 0.3 }, { trials: 10, epochs: 10, topK: 5 }] });
export { choice, formatSpace, intRange, logUniform, parseSpace, sample, uniform } from './spaces';
export type { Config, Dimension, Space, Value } from './spaces';
export { randomConfigs } from './random';
export { gridConfigs } from './grid';
export { edgeWarnings, narrowSpace } from './coarse-to-fine';
export { crossValidate } from './cross-validation';
export { search as run, rankResults, stageSpecs } from './search';
export type { SearchOptions, SearchProgress, SearchResult, Stage, StageSummary } from './search';
export { runTrial } from './run-trial';
export { settle } from './trial';
export type { DataRef, TrialFunction, TrialResult, TrialSpec, TrialStatus } from './trial';
export { DEFAULT_SETTINGS, trainSettings } from './train-config';
export type { TrainSettings } from './train-config';
export type { Executor, ExecutorEvents } from './executors/executor';
export { InProcessExecutor } from './executors/in-process';
export { WorkerPoolExecutor } from './executors/worker-pool';
export { BullMQExecutor } from './executors/bullmq';
export { startBullMQWorker } from './executors/bullmq-worker';
