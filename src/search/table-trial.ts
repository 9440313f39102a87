// A search trial on a table file (DataRef kind 'table'): the rows outside trainTable's test set
// (tabular/table-ref), split as every trial is (SPLIT_SEED: k folds, or a validation fraction; a subsample first),
// the preprocessing fitted on the trial's training rows only, the configuration's MLP behind a CategoryEmbedding
// when the table has many-valued columns, and two classes as one logit with binary cross-entropy (as trainTable).
// The space may use what `nnkit train --data <table>` can spell out (TABLE_SEARCH_KEYS), so the printed winner's
// command trains the same network.
import { holdOut, shuffledIndices } from '../data/split';
import { Model } from '../model';
import { buildMlp } from '../recipes/mlp';
import { categoryEmbedding } from '../tabular/recipe';
import { encodeRows, tableTrainingRows, type EncodedRows, type TableRef, type TableRows } from '../tabular/table-ref';
import { crossValidate } from './cross-validation';
import { trainSettings, type TrainSettings } from './train-config';
import { fitAndScore, remember, SPLIT_SEED } from './training-trial';
import type { TrialResult, TrialSpec } from './trial';

export const TABLE_SEARCH_KEYS = [
  'hidden',
  'depth',
  'layers',
  'bn',
  'optimizer',
  'lr',
  'momentum',
  'weightDecay',
  'reg',
  'batchSize',
];

const DEFAULT_VALIDATION_FRACTION = 0.1;
const loaded = new Map<string, Promise<TableRows>>();

/** Settings of a table configuration; a name the table recipe cannot take is an error listing the valid ones. */
export function tableTrainSettings(config: TrialSpec['config']): TrainSettings {
  for (const k of Object.keys(config))
    if (!TABLE_SEARCH_KEYS.includes(k))
      throw new Error(`config: '${k}' is not searchable on a table; valid names: ${TABLE_SEARCH_KEYS.join(', ')}`);
  return trainSettings(config, 'table');
}

/** The table's searchable rows (read once per thread); a regression label is an error (trials rank by accuracy). */
export async function searchableTable(ref: TableRef): Promise<TableRows> {
  const t = await remember(loaded, JSON.stringify(ref), () => tableTrainingRows(ref));
  if (t.schema.task !== 'classification')
    throw new Error(
      `${ref.path}: a search ranks trials by validation accuracy; label ${JSON.stringify(t.schema.labelName)} is a regression target`,
    );
  return t;
}

export async function runTableTrial(spec: TrialSpec, signal?: AbortSignal): Promise<TrialResult> {
  const start = performance.now();
  const settings = tableTrainSettings(spec.config);
  const t = await searchableTable(spec.data as TableRef);
  const n = t.rows.length;
  const keep = spec.subsample !== undefined && spec.subsample < 1 ? Math.max(2, Math.round(n * spec.subsample)) : n;
  const positions = shuffledIndices(n, SPLIT_SEED).subarray(0, keep);
  const pick = (idx: Int32Array) => Array.from(idx, (i) => positions[i]);
  const fit = (train: Int32Array, validation: Int32Array) => {
    const e = encodeRows(t, pick(train), pick(validation));
    const binary = e.pipeline.target.type === 'classes' && e.pipeline.target.classes.length === 2;
    return fitAndScore(
      settings,
      spec,
      e.train,
      e.validation!,
      signal,
      tableMlp(settings, e, spec.seed),
      binary ? 'binary-cross-entropy' : undefined,
    );
  };
  const base = { id: spec.id, stage: spec.stage, config: spec.config, seed: spec.seed };
  if (spec.folds !== undefined && spec.folds >= 2) {
    const cv = await crossValidate(keep, spec.folds, SPLIT_SEED, (fold) => fit(fold.train, fold.validation));
    const { reason, ...rest } = cv;
    return { ...base, ...rest, seconds: (performance.now() - start) / 1000, ...(reason ? { reason } : {}) };
  }
  const { heldOut, rest } = holdOut(keep, spec.validationFraction ?? DEFAULT_VALIDATION_FRACTION, SPLIT_SEED);
  const { reason, ...out } = await fit(rest, heldOut);
  return { ...base, ...out, seconds: (performance.now() - start) / 1000, ...(reason ? { reason } : {}) };
}

/** The configuration's MLP for encoded table rows: CategoryEmbedding first when columns are embedded; one logit
 *  for two classes. */
export function tableMlp(s: TrainSettings, e: EncodedRows, seed: number): Model {
  const classes = e.train.numClasses ?? 1;
  const embedding = categoryEmbedding(e.train.x.cols, e.pipeline.embeddingCardinalities(), seed);
  const inputs = embedding ? embedding.outFeatures : e.train.x.cols;
  const mlp = buildMlp(s, inputs, classes === 2 ? 1 : classes, seed);
  return embedding ? new Model([embedding, ...mlp.layers]) : mlp;
}
