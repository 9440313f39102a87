// The real trial: build the model a configuration describes, fit it on the training rows (or k folds of them) with
// early abort, and score it on held-out rows of the training rows — never on the test rows (src/data/by-name.ts),
// which stay untouched for the final model. Splits use a fixed seed (SPLIT_SEED), so every trial of a search is scored on the same
// rows; the trial's own seed drives initialization, shuffling and dropout.
// Early abort (babysit's EarlyAbort, the live babysitter's rule): stop when the smoothed batch loss exceeds 3× the
// first batch's loss, or a loss is NaN/Inf. The rest of the babysitter (probes, findings) is off in trials: it would
// cost time on every trial and report to no one.
import { EarlyAbort } from '../babysit/abort';
import { loadTrainingRows, type DatasetRef } from '../data/by-name';
import { subset, type Dataset } from '../data/dataset';
import { standardize } from '../data/preprocess';
import { shuffledIndices, trainValidationSplit } from '../data/split';
import type { Callbacks } from '../train/callbacks';
import { crossValidate, type FoldOutcome } from './cross-validation';
import { asImages } from '../data/images';
import { buildCnn } from '../recipes/cnn';
import { buildMlp } from '../recipes/mlp';
import type { Model } from '../model';
import { buildOptimizer, trainSettings, type TrainSettings } from './train-config';
import type { LossName } from '../losses';
import type { TrialResult, TrialSpec } from './trial';

export const SPLIT_SEED = 0;
const DEFAULT_VALIDATION_FRACTION = 0.1;

// Loaded once per thread and reused by its trials (the last few data references and splits).
const loaded = new Map<string, Promise<Dataset>>();
const splits = new Map<string, { train: Dataset; validation: Dataset }>();

export function remember<V>(map: Map<string, V>, key: string, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    if (map.size >= 2) map.delete(map.keys().next().value as string);
    v = make();
    map.set(key, v);
  }
  return v;
}

function subsampled(data: Dataset, fraction: number | undefined): Dataset {
  if (fraction === undefined || fraction >= 1) return data;
  const keep = Math.max(2, Math.round(data.x.rows * fraction));
  return subset(data, shuffledIndices(data.x.rows, SPLIT_SEED).subarray(0, keep));
}

/** Standardizes with statistics of `train` only (no peeking at validation rows): per feature for the MLP; for a CNN
 *  the images [N, C, H, W] per channel, as `nnkit train --model` does. */
function standardized(train: Dataset, validation: Dataset, cnn: boolean): { train: Dataset; validation: Dataset } {
  if (cnn) [train, validation] = [asImages(train), asImages(validation)];
  const s = standardize(cnn ? 'channel' : 'feature').fit(train.x, train.sampleShape);
  return { train: { ...train, x: s.transform(train.x) }, validation: { ...validation, x: s.transform(validation.x) } };
}

/** Fits `model` (default: the configuration's MLP or CNN) with the early-abort rule and scores it on `validation`. */
export async function fitAndScore(
  s: TrainSettings,
  spec: TrialSpec,
  train: Dataset,
  validation: Dataset,
  signal?: AbortSignal,
  model = trialModel(s, train, train.numClasses ?? Math.max(...train.y) + 1, spec.seed),
  loss?: LossName,
): Promise<FoldOutcome> {
  const rule = new EarlyAbort();
  const earlyAbort: Callbacks = {
    onBatchEnd(ctx, info) {
      if (info.loss === undefined) return;
      const f = rule.observe(info.loss, info.step + 1, info.lr);
      if (f) ctx.stop(f.message);
    },
  };
  const history = await model.fit(train, {
    loss,
    epochs: spec.epochs,
    batchSize: s.batchSize,
    optimizer: buildOptimizer(s),
    schedule: s.schedule,
    validation,
    seed: spec.seed,
    callbacks: [earlyAbort],
    signal,
    babysit: false, // a trial needs only the abort rule above, not the babysitter's probes and findings
  });
  const last = history.epochs.at(-1);
  if (history.stopped || last?.valAccuracy === undefined) {
    return {
      status: 'aborted',
      valAccuracy: null,
      epochs: history.epochs.length,
      reason: history.stopReason ?? 'stopped',
    };
  }
  return { status: 'ok', valAccuracy: last.valAccuracy, epochs: history.epochs.length };
}

/** The MLP of the settings, or the CNN of settings.model on the images' [C, H, W]. */
function trialModel(s: TrainSettings, train: Dataset, classes: number, seed: number): Model {
  if (s.model === undefined) return buildMlp(s, train.x.cols, classes, seed);
  try {
    return buildCnn(s.model, train.x.shape.slice(1), classes, seed);
  } catch (e) {
    throw new RangeError(`config.${(e as Error).message}`);
  }
}

export async function runTrainingTrial(spec: TrialSpec, signal?: AbortSignal): Promise<TrialResult> {
  const start = performance.now();
  const settings = trainSettings(spec.config, spec.data.kind);
  const dataKey = JSON.stringify(spec.data);
  const all = await remember(loaded, dataKey, () => loadTrainingRows(spec.data as DatasetRef));
  const data = subsampled(all, spec.subsample);
  const base = { id: spec.id, stage: spec.stage, config: spec.config, seed: spec.seed };
  const seconds = () => (performance.now() - start) / 1000;
  const cnn = settings.model !== undefined;
  if (spec.folds !== undefined && spec.folds >= 2) {
    const cv = await crossValidate(data.x.rows, spec.folds, SPLIT_SEED, (fold) => {
      const { train, validation } = standardized(subset(data, fold.train), subset(data, fold.validation), cnn);
      return fitAndScore(settings, spec, train, validation, signal);
    });
    return {
      ...base,
      status: cv.status,
      valAccuracy: cv.valAccuracy,
      epochs: cv.epochs,
      seconds: seconds(),
      folds: cv.folds,
      ...(cv.reason ? { reason: cv.reason } : {}),
    };
  }
  const fraction = spec.validationFraction ?? DEFAULT_VALIDATION_FRACTION;
  const split = remember(splits, `${dataKey}|${spec.subsample ?? 1}|${fraction}|${cnn}`, () => {
    const { train, validation } = trainValidationSplit(data, fraction, SPLIT_SEED);
    return standardized(train, validation, cnn);
  });
  const out = await fitAndScore(settings, spec, split.train, split.validation, signal);
  return {
    ...base,
    status: out.status,
    valAccuracy: out.valAccuracy,
    epochs: out.epochs,
    seconds: seconds(),
    ...(out.reason ? { reason: out.reason } : {}),
  };
}
