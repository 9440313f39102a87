// A trial is a pure function of (config, seed, data reference): the spec below is all a worker needs, on any
// machine, and the same spec gives the same result on the same backend. Results are plain JSON.
import type { DatasetRef } from '../data/by-name';
import type { TableRef } from '../tabular/table-ref';
import type { Config } from './spaces';

/** What to train on, by reference: each worker loads it itself (nothing big travels through Redis). A dataset
 *  (src/data/by-name.ts) contributes its training rows only; its test rows are never seen by a search. */
export type DataRef =
  | DatasetRef
  /** A synthetic objective for benchmarks and executor tests: accuracy = exp(−Σ_k ln²(config[k] / peak[k])),
   *  burning `costMs` of CPU per epoch like a real trial would. */
  | { kind: 'synthetic'; peak: Record<string, number>; costMs?: number }
  /** A table file through src/tabular (typed columns, fitted preprocessing): search/table-trial.ts. */
  | TableRef;

export interface TrialSpec {
  /** Unique within a search: stage and index, e.g. "s1-007". */
  id: string;
  stage: number;
  config: Config;
  /** Seeds everything random in the trial: initialization, shuffling, dropout, the validation split. */
  seed: number;
  epochs: number;
  data: DataRef;
  /** Train on this fraction (0, 1] of the training rows (coarse stages). */
  subsample?: number;
  /** k-fold cross-validation when ≥ 2; otherwise one held-out validation split. */
  folds?: number;
  /** Share of the training rows held out for validation when not cross-validating (default 0.1). */
  validationFraction?: number;
}

export type TrialStatus = 'ok' | 'aborted' | 'failed';

export interface TrialResult {
  id: string;
  stage: number;
  config: Config;
  status: TrialStatus;
  /** Validation accuracy in [0, 1] (mean over folds with CV); null when aborted or failed. */
  valAccuracy: number | null;
  /** Epochs completed (summed over folds with CV). */
  epochs: number;
  seconds: number;
  /** Why it was aborted or failed. */
  reason?: string;
  /** Per-fold validation accuracies with CV. */
  folds?: number[];
  /** The trial's seed (initialization, shuffling, dropout): with the config, what reproduces it. */
  seed?: number;
  /** Who ran it: "host:pid" (and thread), for the logs of distributed runs. */
  worker?: string;
}

/** Runs one trial. `signal` stops it early (the executor is shutting down). */
export type TrialFunction = (spec: TrialSpec, signal?: AbortSignal) => Promise<TrialResult>;

/** Wraps a trial so that a thrown error becomes a 'failed' result instead of a lost trial. */
export function settle(fn: TrialFunction): TrialFunction {
  return async (spec, signal) => {
    const start = performance.now();
    try {
      return await fn(spec, signal);
    } catch (e) {
      return failedResult(spec, (e as Error)?.message ?? String(e), (performance.now() - start) / 1000);
    }
  };
}

/** The result of a trial that could not run or whose result was lost or refused. */
export function failedResult(spec: TrialSpec, reason: string, seconds = 0): TrialResult {
  return {
    id: spec.id,
    stage: spec.stage,
    config: spec.config,
    status: 'failed',
    valAccuracy: null,
    epochs: 0,
    seconds,
    reason,
  };
}
