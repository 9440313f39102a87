// Training callbacks: the hooks monitors plug into (the babysitter's NaN/explosion checks, update/weight ratios,
// activation histograms, the report recorder). Every hook is optional and may return a promise, which fit awaits.
//
// Order within one batch:  onBatchStart → forward, loss, backward → onBeforeStep (gradients are ready, weights
// are still the old ones) → optimizer step → onBatchEnd (weights updated, the batch's loss and accuracy known).
// Per epoch: onEpochStart … batches … validation … onEpochEnd(record). Around the run: onTrainStart / onTrainEnd.
// A hook stops training cleanly (after the current batch) with ctx.stop(reason).
//
// Callbacks run only in-process; with { worker: true } use onProgress (events are streamed from the worker).
import type { Param } from '../nn/layer';
import type { Layer } from '../nn/layer';
import type { Optimizer } from '../optim/optimizer';
import type { Tensor } from '../tensor';
import type { EpochRecord, History } from './history';

export interface TrainContext {
  /** The layers of the model being trained (forward them with { training: false } to probe activations). */
  readonly layers: readonly Layer[];
  /** Learned parameters, named "<layer index>.<name>"; value and grad are live arrays. */
  params(): Param[];
  readonly optimizer: Optimizer;
  /** 1-based epoch in progress. */
  readonly epoch: number;
  readonly epochs: number;
  /** Optimizer steps taken so far (over the whole run). */
  readonly step: number;
  readonly batchesPerEpoch: number;
  /** Learning rate of the current batch. */
  readonly lr: number;
  /** A fixed sample of (preprocessed) training inputs, up to 256 rows, for probes. */
  readonly probe: Tensor;
  readonly history: History;
  /** Stops training after the current batch; `reason` is kept in history.stopReason. */
  stop(reason: string): void;
}

export interface BatchInfo {
  epoch: number;
  /** 0-based batch within the epoch. */
  batch: number;
  /** Optimizer steps done before this batch. */
  step: number;
  size: number;
  lr: number;
  /** Set from onBeforeStep on: the batch's loss and (classification) accuracy. */
  loss?: number;
  accuracy?: number;
}

export interface Callbacks {
  onTrainStart?(ctx: TrainContext): void | Promise<void>;
  onEpochStart?(ctx: TrainContext): void | Promise<void>;
  onBatchStart?(ctx: TrainContext, batch: BatchInfo): void | Promise<void>;
  onBeforeStep?(ctx: TrainContext, batch: BatchInfo): void | Promise<void>;
  onBatchEnd?(ctx: TrainContext, batch: BatchInfo): void | Promise<void>;
  onEpochEnd?(ctx: TrainContext, record: EpochRecord): void | Promise<void>;
  onTrainEnd?(ctx: TrainContext, history: History): void | Promise<void>;
}

/** What onProgress receives: after every batch (phase 'batch') and after every epoch (phase 'epoch'). */
export interface Progress {
  phase: 'batch' | 'epoch';
  epoch: number;
  epochs: number;
  /** 1-based count of batches done in this epoch. */
  batch: number;
  batches: number;
  /** Running mean loss and accuracy over the epoch so far. */
  loss: number;
  accuracy?: number;
  lr: number;
  samplesPerSec: number;
  /** Seconds left for the whole run, from the pace so far. */
  etaSeconds: number;
  /** The finished epoch (phase 'epoch'). */
  record?: EpochRecord;
}
