// A table in, a trained model out, with the defaults of recipe.ts: infer the schema, split the labelled rows
// (data/by-name's rule: a seeded 20 % test set, the same for every run; then 10 % of the rest for early stopping), fit the preprocessing on the training
// rows, train, and score the test rows in the label's units. The model carries the fitted preprocessing
// (model.tabular), so model.predictRows(rows) takes raw rows and model.save keeps it.
import { CSV_SPLIT_SEED, CSV_TEST_FRACTION } from '../data/by-name';
import type { Dataset } from '../data/dataset';
import { holdOut } from '../data/split';
import { Model } from '../model';
import type { Optimizer } from '../optim/optimizer';
import type { Callbacks, Progress } from '../train/callbacks';
import { EarlyStopping } from '../train/early-stopping';
import type { History } from '../train/history';
import type { FitOptions } from '../train/trainer';
import type { Loss, LossName } from '../losses';
import { balancedClassWeights, WeightedCrossEntropy } from '../weighted-losses';
import { regressionEpochMetrics } from './epoch-metrics';
import { rowsWithLabel, TabularPipeline } from './pipeline';
import { evaluateTable, type TableMetrics } from './predict-rows';
import { tabularLayers, tabularOptimizer, TABULAR_DEFAULTS } from './recipe';
import { describeColumns, inferSchema, type TableSchema, type TabularOptions } from './schema';
import type { Table } from './table';

export interface TrainTableOptions extends TabularOptions {
  /** Share of labelled rows scored at the end (default 0.2, data/by-name's rule); 0 scores nothing. */
  testSplit?: number;
  /** Seed of the test/validation split (default 0: the same test rows for every run, as data/by-name's rule). */
  splitSeed?: number;
  /** Share of the training rows held out for early stopping and the validation curve (default 0.1). */
  valSplit?: number;
  /** Seed of initialization and shuffling (default 0). */
  seed?: number;
  layers?: number[];
  batchNorm?: boolean;
  /** Default: Adam with `lr` (1e-3) and L2 `weightDecay` (1e-4). */
  optimizer?: Optimizer;
  lr?: number;
  weightDecay?: number;
  epochs?: number;
  batchSize?: number;
  /** Weights in the loss per class: 'balanced' (N / (C · n_c), for imbalanced classes) or { className: weight }. */
  classWeight?: 'balanced' | Record<string, number>;
  /** Patience of early stopping in epochs (default 20), or false to train all epochs. */
  earlyStopping?: number | false;
  onProgress?: (p: Progress) => void;
  callbacks?: Callbacks[];
  babysit?: FitOptions['babysit'];
  signal?: AbortSignal;
  /** Train in a worker thread (fit's worker mode): the event loop stays free. Early stopping runs there too;
   *  the per-epoch R² lines and `callbacks` are in-process only, and classWeight needs in-process training. */
  worker?: boolean;
  /** Called before training with the schema (one line per column) and the warnings. */
  onSchema?: (lines: string[], warnings: string[]) => void;
}

export interface TrainTableResult {
  model: Model;
  history: History;
  schema: TableSchema;
  pipeline: TabularPipeline;
  /** Row indices of the table in each part. */
  split: { train: number[]; validation: number[]; test: number[] };
  /** Metrics on the test rows (undefined when testSplit is 0). */
  test?: TableMetrics;
  /** Epoch of the restored best weights (early stopping). */
  bestEpoch?: number;
  /** Early stopping ended the run (a normal end: history.stopped is true, but nothing failed). */
  stoppedEarly: boolean;
  /** Things the user should know: dropped columns, rows without a label, rare classes. */
  warnings: string[];
}

export async function trainTable(table: Table, options: TrainTableOptions = {}): Promise<TrainTableResult> {
  const opts: TrainTableOptions = { ...table.options, ...options };
  if (opts.worker && opts.classWeight !== undefined)
    throw new Error('classWeight needs in-process training (its loss is not a name that crosses threads); drop worker');
  const { schema, warnings, split, pipeline, train, validation } = prepareTable(table, opts);
  const model = tableModel(pipeline, train, opts);
  const patience = opts.earlyStopping ?? TABULAR_DEFAULTS.patience;
  const early = patience !== false && validation ? { patience } : undefined;
  const stopper = early && !opts.worker ? new EarlyStopping(early) : undefined;
  const history = await fitTable(model, pipeline, train, validation, opts, early, stopper);
  model.datasetInfo = { name: table.name, label: schema.labelName, task: schema.task, numClasses: train.numClasses };
  const test = split.test.length ? await evaluateTable(model, table, split.test) : undefined;
  // in a worker the EarlyStopping callback is fit's own, known by its reason
  const stoppedEarly = stopper
    ? stopper.stopReason !== undefined && history.stopReason === stopper.stopReason
    : history.stopReason?.startsWith('early stopping:') === true;
  const bestEpoch = stopper ? stopper.bestEpoch : early ? bestValidationEpoch(history) : undefined;
  return { model, history, schema, pipeline, split, test, bestEpoch, stoppedEarly, warnings };
}

/** Schema, split and the preprocessing fitted on the training rows; the datasets it encodes; the warnings. */
function prepareTable(table: Table, opts: TrainTableOptions) {
  const schema = inferSchema(table, opts);
  const warnings = schemaWarnings(table, schema);
  const split = splitRows(
    rowsWithLabel(table, schema.label, schema.missing),
    opts.splitSeed ?? CSV_SPLIT_SEED,
    opts.testSplit ?? CSV_TEST_FRACTION,
    opts.valSplit ?? TABULAR_DEFAULTS.valSplit,
    table.name,
  );
  const pipeline = TabularPipeline.fit(table, split.train, schema);
  const train = pipeline.dataset(table, split.train);
  const validation = split.validation.length ? pipeline.dataset(table, split.validation) : undefined;
  warnings.push(...classWarnings(pipeline, train.y));
  opts.onSchema?.(describeColumns(schema, table.length), warnings);
  return { schema, warnings, split, pipeline, train, validation };
}

/** The recipe's network for the encoded width, carrying the fitted preprocessing (model.tabular). */
function tableModel(pipeline: TabularPipeline, train: Dataset, opts: TrainTableOptions): Model {
  const d = TABULAR_DEFAULTS;
  // binary: one logit, sigmoid cross-entropy; C > 2 classes: C logits, softmax cross-entropy; regression: one value
  const outputs = train.numClasses === 2 ? 1 : (train.numClasses ?? 1);
  const layers = opts.layers ?? d.layers;
  const cardinalities = pipeline.embeddingCardinalities();
  const model = new Model(
    tabularLayers(pipeline.width, outputs, layers, opts.batchNorm ?? d.batchNorm, opts.seed ?? 0, cardinalities),
  );
  model.tabular = pipeline;
  return model;
}

/** fit with the table recipe's loss, optimizer and batch size; early stopping in-process or in fit's worker. */
function fitTable(
  model: Model,
  pipeline: TabularPipeline,
  train: Dataset,
  validation: Dataset | undefined,
  opts: TrainTableOptions,
  early: { patience: number } | undefined,
  stopper: EarlyStopping | undefined,
): Promise<History> {
  const d = TABULAR_DEFAULTS;
  const metrics = validation && !opts.worker ? regressionEpochMetrics(model, validation) : undefined;
  const callbacks = [...(metrics ? [metrics] : []), ...(stopper ? [stopper] : []), ...(opts.callbacks ?? [])];
  return model.fit(train, {
    loss: classLoss(pipeline, train.y, opts.classWeight),
    epochs: opts.epochs ?? d.epochs,
    batchSize: Math.min(opts.batchSize ?? d.batchSize, train.x.rows),
    optimizer: opts.optimizer ?? tabularOptimizer(opts.lr ?? d.lr, opts.weightDecay ?? d.weightDecay),
    seed: opts.seed ?? 0,
    validation,
    ...(opts.worker
      ? { worker: true, earlyStopping: early, ...(opts.callbacks ? { callbacks: opts.callbacks } : {}) }
      : { callbacks }),
    onProgress: opts.onProgress,
    babysit: opts.babysit,
    signal: opts.signal,
  });
}

/** The epoch of the lowest validation loss: the weights early stopping restores. */
function bestValidationEpoch(history: History): number | undefined {
  let best: number | undefined;
  let loss = Infinity;
  for (const e of history.epochs) if (e.valLoss !== undefined && e.valLoss < loss) [best, loss] = [e.epoch, e.valLoss];
  return best;
}

/** Seeded split of the labelled rows: test first, then validation out of the rest, the remainder trains. */
export function splitRows(
  rows: number[],
  seed: number,
  testSplit: number,
  valSplit: number,
  name: string,
): TrainTableResult['split'] {
  for (const [k, v] of [
    ['testSplit', testSplit],
    ['valSplit', valSplit],
  ] as const)
    if (!(v >= 0 && v < 1)) throw new RangeError(`${k} must be in [0, 1), got ${v}`);
  // test rows by data/split's one hold-out rule; validation is the next round(rest·valSplit) of the same order
  const { heldOut, rest } = holdOut(rows.length, testSplit, seed);
  const rowsOf = (idx: Int32Array) => Array.from(idx, (i) => rows[i]);
  const nVal = Math.round(rest.length * valSplit);
  const train = rowsOf(rest.subarray(nVal));
  if (train.length < 2)
    throw new Error(
      `${name}: ${rows.length} labelled rows are too few to train on after the test and validation splits`,
    );
  return { test: rowsOf(heldOut), validation: rowsOf(rest.subarray(0, nVal)), train };
}

function schemaWarnings(table: Table, schema: TableSchema): string[] {
  const out: string[] = [];
  for (const c of schema.columns)
    if (c.kind === 'ignore' && c.reason !== 'declared')
      out.push(`column ${JSON.stringify(c.name)} dropped: ${c.reason}`);
  const unlabelled = table.length - rowsWithLabel(table, schema.label, schema.missing).length;
  if (unlabelled > 0)
    out.push(`${unlabelled} rows have no label (${JSON.stringify(schema.labelName)} is missing) and are left out`);
  return out;
}

/** The loss for the task: class-weighted cross-entropy when asked, else sigmoid cross-entropy for two classes,
 *  and fit's default (softmax cross-entropy, or mean squared error) otherwise. */
function classLoss(
  pipeline: TabularPipeline,
  y: Int32Array | Float32Array,
  classWeight: TrainTableOptions['classWeight'],
): Loss | LossName | undefined {
  const target = pipeline.target;
  if (target.type !== 'classes') {
    if (classWeight !== undefined)
      throw new Error('classWeight is for classification; this label is a regression target');
    return undefined;
  }
  if (classWeight === undefined) return target.classes.length === 2 ? 'binary-cross-entropy' : undefined;
  if (classWeight === 'balanced')
    return new WeightedCrossEntropy(balancedClassWeights(y as Int32Array, target.classes.length));
  if (classWeight === null || typeof classWeight !== 'object')
    throw new Error(`classWeight must be 'balanced' or { class: weight }, got ${JSON.stringify(classWeight)}`);
  for (const name of Object.keys(classWeight))
    if (!target.classes.includes(name))
      throw new Error(`classWeight: ${JSON.stringify(name)} is not a class (${target.classes.join(', ')})`);
  return new WeightedCrossEntropy(target.classes.map((c) => classWeight[c] ?? 1));
}

/** Classes under 5 % of the training rows. */
function classWarnings(pipeline: TabularPipeline, y: Int32Array | Float32Array): string[] {
  if (!(y instanceof Int32Array) || pipeline.target.type !== 'classes') return [];
  const classes = pipeline.target.classes;
  const counts = new Array<number>(classes.length).fill(0);
  for (const v of y) counts[v]++;
  return classes.flatMap((c, k) =>
    counts[k] < 0.05 * y.length
      ? [
          `class ${JSON.stringify(c)} is rare: ${counts[k]} of ${y.length} training rows (${((100 * counts[k]) / y.length).toFixed(1)} %); --class-weight balanced (classWeight: "balanced") weighs the classes equally`,
        ]
      : [],
  );
}
