// The search driver: stages of trials (random or grid configurations), each stage narrowed around the top-k of the
// one before (coarse-to-fine), run by any executor. Every configuration and trial seed is a function of the search
// seed, the stage and the trial index, so a search is reproducible and a restarted coordinator regenerates the
// very same trial specs (the BullMQ executor finds their results in Redis).
import { edgeWarnings, narrowSpace } from './coarse-to-fine';
import type { Executor } from './executors/executor';
import { gridConfigs } from './grid';
import { randomConfigs } from './random';
import type { Config, Space } from './spaces';
import type { DataRef, TrialResult, TrialSpec } from './trial';

export interface Stage {
  trials: number;
  epochs: number;
  /** Train on this fraction (0, 1] of the training rows. */
  subsample?: number;
  /** Stages after the first sample around the top-k of the previous stage (default 3). */
  topK?: number;
}

export interface SearchOptions {
  space: Space;
  data: DataRef;
  executor: Executor;
  /** Default: one stage of `trials` trials × `epochs` epochs. */
  stages?: Stage[];
  trials?: number;
  epochs?: number;
  strategy?: 'random' | 'grid';
  seed?: number;
  /** k-fold cross-validation per trial (k ≥ 2). */
  folds?: number;
  validationFraction?: number;
  onProgress?(p: SearchProgress): void;
}

export interface SearchProgress {
  stage: number;
  stages: number;
  total: number;
  done: number;
  running: number;
  aborted: number;
  failed: number;
  best: TrialResult | null;
  /** The result that triggered this report, if any. */
  last?: TrialResult;
}

export interface StageSummary extends Stage {
  space: Space;
  /** Configurations whose best value sits at a range's edge (see edgeWarnings). */
  warnings: string[];
}

export interface SearchResult {
  /** All trials of all stages, best validation accuracy first (aborted and failed last). */
  trials: TrialResult[];
  best: { config: Config; valAccuracy: number; id: string; epochs: number } | null;
  stages: StageSummary[];
}

/** A 31-bit seed ≥ 0 for (search seed, stage, index): splitmix-style mixing, so neighbours are unrelated. */
export function deriveSeed(seed: number, stage: number, index: number): number {
  let z = (seed ^ Math.imul(stage + 1, 0x9e3779b9) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b) >>> 0;
  return (z ^ (z >>> 16)) >>> 1;
}

/** Best validation accuracy first; aborted and failed trials last, in id order. */
export function rankResults(results: TrialResult[]): TrialResult[] {
  const score = (r: TrialResult) => (r.status === 'ok' && r.valAccuracy !== null ? r.valAccuracy : -Infinity);
  return [...results].sort((a, b) => score(b) - score(a) || b.stage - a.stage || a.id.localeCompare(b.id));
}

export function checkStages(stages: Stage[]): Stage[] {
  if (!Array.isArray(stages) || stages.length === 0) throw new RangeError('search: stages must be a non-empty array');
  stages.forEach((s, i) => {
    const where = `search: stages[${i}]`;
    if (!Number.isInteger(s.trials) || s.trials < 1)
      throw new RangeError(`${where}.trials must be a whole number ≥ 1, got ${s.trials}`);
    if (!Number.isInteger(s.epochs) || s.epochs < 1)
      throw new RangeError(`${where}.epochs must be a whole number ≥ 1, got ${s.epochs}`);
    if (s.subsample !== undefined && !(s.subsample > 0 && s.subsample <= 1))
      throw new RangeError(`${where}.subsample must be in (0, 1], got ${s.subsample}`);
    if (s.topK !== undefined && (!Number.isInteger(s.topK) || s.topK < 1))
      throw new RangeError(`${where}.topK must be a whole number ≥ 1, got ${s.topK}`);
  });
  return stages;
}

/** The trial specs of one stage: deterministic in (options, stage, space). */
export function stageSpecs(opts: SearchOptions, stageIndex: number, stage: Stage, space: Space): TrialSpec[] {
  const seed = opts.seed ?? 0;
  const configs =
    opts.strategy === 'grid'
      ? gridConfigs(space, stage.trials)
      : randomConfigs(space, stage.trials, deriveSeed(seed, stageIndex, -1));
  const width = String(configs.length - 1).length;
  return configs.map((config, i) => ({
    id: `s${stageIndex + 1}-${String(i).padStart(width, '0')}`,
    stage: stageIndex + 1,
    config,
    seed: deriveSeed(seed, stageIndex, i),
    epochs: stage.epochs,
    data: opts.data,
    ...(stage.subsample !== undefined && stage.subsample < 1 ? { subsample: stage.subsample } : {}),
    ...(opts.folds !== undefined && opts.folds >= 2 ? { folds: opts.folds } : {}),
    ...(opts.validationFraction !== undefined ? { validationFraction: opts.validationFraction } : {}),
  }));
}

export async function search(opts: SearchOptions): Promise<SearchResult> {
  const stages = checkStages(opts.stages ?? [{ trials: opts.trials ?? 20, epochs: opts.epochs ?? 5 }]);
  if (opts.folds !== undefined && (!Number.isInteger(opts.folds) || opts.folds < 2))
    throw new RangeError(`search: folds must be a whole number ≥ 2, got ${opts.folds}`);
  const all: TrialResult[] = [];
  const summaries: StageSummary[] = [];
  let space = opts.space;
  let previous: TrialResult[] = [];
  for (let s = 0; s < stages.length; s++) {
    const stage = stages[s];
    if (s > 0) space = narrowAroundBest(space, previous, stage.topK ?? 3);
    const specs = stageSpecs(opts, s, stage, space);
    previous = await runStage(opts, specs, { stage: s + 1, stages: stages.length, bestSoFar: all });
    all.push(...previous);
    const stageBest = rankResults(previous)[0];
    summaries.push({
      ...stage,
      space,
      warnings: stageBest?.status === 'ok' ? edgeWarnings(space, stageBest.config) : [],
    });
  }
  const trials = rankResults(all);
  const top = trials[0];
  return {
    trials,
    best:
      top && top.status === 'ok' && top.valAccuracy !== null
        ? { config: top.config, valAccuracy: top.valAccuracy, id: top.id, epochs: top.epochs }
        : null,
    stages: summaries,
  };
}

/** The next stage's space: narrowed around the configs of the previous stage's `topK` successful trials. */
function narrowAroundBest(space: Space, previous: TrialResult[], topK: number): Space {
  const top = rankResults(previous)
    .filter((r) => r.status === 'ok')
    .slice(0, topK);
  return narrowSpace(
    space,
    top.map((r) => r.config),
  );
}

/** Runs one stage's trials on the executor, reporting progress (counts and the best so far) to opts.onProgress. */
function runStage(
  opts: SearchOptions,
  specs: TrialSpec[],
  where: { stage: number; stages: number; bestSoFar: TrialResult[] },
): Promise<TrialResult[]> {
  const progress: SearchProgress = {
    stage: where.stage,
    stages: where.stages,
    total: specs.length,
    done: 0,
    running: 0,
    aborted: 0,
    failed: 0,
    best: rankResults(where.bestSoFar)[0] ?? null,
  };
  if (progress.best?.status !== 'ok') progress.best = null;
  opts.onProgress?.({ ...progress });
  const started = new Set<string>();
  return opts.executor.run(specs, {
    onStart: (id) => {
      if (started.has(id)) return; // a retried trial (its worker died) is still one running trial
      started.add(id);
      progress.running++;
      opts.onProgress?.({ ...progress });
    },
    onResult: (r) => {
      progress.done++;
      if (started.has(r.id)) progress.running--;
      if (r.status === 'aborted') progress.aborted++;
      if (r.status === 'failed') progress.failed++;
      if (
        r.status === 'ok' &&
        r.valAccuracy !== null &&
        (progress.best === null || r.valAccuracy > (progress.best.valAccuracy ?? -1))
      )
        progress.best = r;
      opts.onProgress?.({ ...progress, last: r });
    },
  });
}
