// `nnkit train --data file.csv --label col`: a user's table (CSV/TSV, optionally .gz; JSON Lines; a JSON array of
// objects) trained with tabular.trainTable's defaults. Prints the inferred schema, warnings, one line per epoch and
// the test metrics (classification: accuracy, log loss, ROC AUC, per-class precision/recall/F1, confusion matrix;
// regression: R², MAE, RMSE in the label's units); --save keeps the fitted preprocessing in the model file.
import { parseArgs } from 'node:util';
import { wholeNumber } from './decimal';
import { UsageError } from './usage-error';
import type { ClassReport } from '../metrics/classification';
import { optimizerFromName, OPTIMIZER_NAMES } from '../optim/from-name';
import { COLUMN_KINDS, type ColumnKind } from '../tabular/infer-columns';
import type { TableMetrics } from '../tabular/predict-rows';
import { TABULAR_DEFAULTS } from '../tabular/recipe';
import { readTable, type Table } from '../tabular/table';
import { trainTable, type TrainTableOptions, type TrainTableResult } from '../tabular/train-table';
import { renderReport, type ReportData } from '../report/html';
import { LiveReport, writeFileAtomic } from '../report/live-report';
import { modelSummary } from './info';
import type { RegressionPairs } from '../report/regression-charts';
import { rocChart, type RocCurve } from '../report/roc-chart';
import { rocCurve } from '../metrics/roc';
import type { TrainContext } from '../train/callbacks';
import { ReportRecorder } from '../report/recorder';
import { progressPrinter } from './progress';
import { checkOutputPath, trainingFailure } from './save-guard';

/** Files `nnkit train --data` reads as tables. */
export const TABLE_FILE = /\.(csv|tsv|tab)(\.gz)?$|\.(jsonl|ndjson|json)$/i;

export const TABLE_USAGE = `usage: nnkit train --data <file.csv|.tsv|.jsonl|.json> [options]
  --label <column>          label column: header name or index (default: the last column)
  --task classification|regression   (default: inferred: text or ≤ 20 distinct whole numbers → classification)
  --columns '{"zip":"categorical","id":"ignore"}'   override inferred column kinds (${COLUMN_KINDS.join('|')})
  --missing 'NA,?,-'        cells read as missing (default: empty, NA, N/A, NaN, null, None, ?)
  --delimiter <c>           CSV field separator (default: guessed from the first line; tab for .tsv)
  --layers 100              hidden layer sizes (default ${TABULAR_DEFAULTS.layers.join(',')})
  --bn / --no-bn            BatchNorm after each hidden layer (default off)
  --optimizer ${OPTIMIZER_NAMES.join('|')}   (default adam)   --lr <x> (default 1e-3)   --weight-decay <x> (default 1e-4)
  --epochs <n>              at most this many epochs (default ${TABULAR_DEFAULTS.epochs})
  --batch-size <n>          (default ${TABULAR_DEFAULTS.batchSize})
  --class-weight balanced   weigh classes by N / (C · count) in the loss (imbalanced classes); or '{"yes":5}'
  --early-stopping <n>      stop after n epochs without a better validation loss, keep the best weights (default ${TABULAR_DEFAULTS.patience})
  --no-early-stopping       train all epochs
  --test-split <f>          share of rows scored at the end (default 0.2)
  --val-split <f>           share of the training rows for validation and early stopping (default 0.1)
  --seed <n>                seed of initialization and shuffling (default 0; the test rows are always the same)
  --worker                  train in a worker thread (early stopping too; not with --report or --class-weight)
  --max-columns <n>         refuse files with more columns (default 100000)
  --threads <n>  --save <path>  --save-anyway (save even when training failed)  --json
  --report <path.html>      the HTML report: curves, activations, findings, test metrics, confusion matrix, ROC curve (two classes)
`;

export async function trainTableCommand(argv: string[]): Promise<number> {
  const f = parseTableFlags(argv);
  if (f.help) {
    process.stdout.write(TABLE_USAGE);
    return 0;
  }
  const file = f.data!;
  const opts = tableOptions(f);
  checkOutputPath('save', f.save);
  checkOutputPath('report', f.report);
  const recorder = f.report !== undefined ? new ReportRecorder() : undefined;
  const live = recorder ? new LiveReport(f.report!, (ctx) => liveTableReport(file, ctx, recorder)) : undefined;
  const log = f.json ? process.stderr : process.stdout;
  const maxColumns = f['max-columns'] === undefined ? undefined : wholeNumber(f['max-columns'], 1);
  if (maxColumns === undefined && f['max-columns'] !== undefined)
    throw new UsageError(`--max-columns must be a whole number ≥ 1, got ${JSON.stringify(f['max-columns'])}`);
  const table = await readTable(file, { delimiter: f.delimiter?.replace('\\t', '\t'), maxColumns });
  const abort = new AbortController();
  const onSigint = () => abort.abort(new Error('interrupted (SIGINT)'));
  process.once('SIGINT', onSigint);
  const t0 = performance.now();
  let r: TrainTableResult;
  try {
    r = await trainTable(table, {
      ...opts,
      signal: abort.signal,
      callbacks: recorder && live ? [recorder, live] : undefined,
      onProgress: progressPrinter(log),
      babysit: { onFinding: (x) => log.write(`${x.severity} ${x.id}: ${x.message}\n`) },
      onSchema: (lines, warnings) => {
        log.write(
          `nnkit train: ${file} (${table.length} rows, ${table.columns.length} columns)\n${lines.map((l) => `  ${l}\n`).join('')}`,
        );
        for (const w of warnings) log.write(`warning: ${w}\n`);
      },
    });
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  if (recorder) {
    const regression = r.test?.task === 'regression' ? await testPredictions(r, table) : undefined;
    const roc = await testRoc(r, table);
    writeFileAtomic(f.report!, tableReport(r, file, recorder, regression, roc ? [rocChart(roc)] : []));
    log.write(`wrote report to ${f.report}\n`);
  }
  return finish(r, f, log, (performance.now() - t0) / 1000, abort.signal.aborted);
}

/** After training: the stop reason, split sizes, test metrics, --save (not after a failure), --json; the exit code. */
async function finish(
  r: TrainTableResult,
  f: ReturnType<typeof parseTableFlags>,
  log: NodeJS.WritableStream,
  seconds: number,
  interrupted: boolean,
): Promise<number> {
  const file = f.data!;
  const { history, split } = r;
  if (history.stopped) log.write(`${r.stoppedEarly ? '' : 'training stopped: '}${history.stopReason}\n`);
  if (r.bestEpoch !== undefined) log.write(`kept the weights of epoch ${r.bestEpoch} (lowest validation loss)\n`);
  log.write(
    `${split.train.length} train, ${split.validation.length} validation, ${split.test.length} test rows; ${seconds.toFixed(1)} s\n`,
  );
  if (r.test) log.write(metricsText(r.test, r.pipeline.target.type === 'classes' ? r.pipeline.target.classes : []));
  const failure = r.stoppedEarly ? undefined : trainingFailure(history, interrupted);
  const save = f.save !== undefined && (!failure || f['save-anyway']);
  if (save) {
    await r.model.save(f.save!, {
      training: { recipe: 'tabular', ...tableOptions(f), worker: undefined, optimizer: f.optimizer ?? 'adam' },
    });
    log.write(`saved model to ${f.save}\n`);
  } else if (f.save !== undefined)
    log.write(`not saving ${f.save}: training failed: ${failure}; --save-anyway saves it regardless\n`);
  if (f.json) process.stdout.write(JSON.stringify(jsonResult(r, file, seconds, save ? f.save : undefined)) + '\n');
  return interrupted ? 130 : failure ? 1 : 0;
}

/** The flags of `nnkit train --data <table>`, unchecked. */
function parseTableFlags(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      data: { type: 'string' },
      label: { type: 'string' },
      task: { type: 'string' },
      columns: { type: 'string' },
      missing: { type: 'string' },
      delimiter: { type: 'string' },
      layers: { type: 'string' },
      bn: { type: 'boolean' },
      'no-bn': { type: 'boolean' },
      optimizer: { type: 'string' },
      lr: { type: 'string' },
      'weight-decay': { type: 'string' },
      momentum: { type: 'string' },
      epochs: { type: 'string' },
      'batch-size': { type: 'string' },
      'early-stopping': { type: 'string' },
      'class-weight': { type: 'string' },
      'no-early-stopping': { type: 'boolean' },
      'test-split': { type: 'string' },
      'val-split': { type: 'string' },
      seed: { type: 'string' },
      threads: { type: 'string' },
      save: { type: 'string' },
      'save-anyway': { type: 'boolean' },
      report: { type: 'string' },
      worker: { type: 'boolean' },
      'max-columns': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  return values;
}

/** The named choices (--task, --optimizer) and the flag pairs that contradict each other. */
function checkTableChoices(f: ReturnType<typeof parseTableFlags>): void {
  if (f.task !== undefined && f.task !== 'classification' && f.task !== 'regression')
    throw new UsageError(`--task must be one of classification, regression, got ${JSON.stringify(f.task)}`);
  if (f.bn && f['no-bn']) throw new UsageError('--bn and --no-bn contradict each other');
  if (f['early-stopping'] !== undefined && f['no-early-stopping'])
    throw new UsageError('--early-stopping and --no-early-stopping contradict each other');
  if (f.optimizer !== undefined && !(OPTIMIZER_NAMES as readonly string[]).includes(f.optimizer))
    throw new UsageError(
      `--optimizer must be one of ${OPTIMIZER_NAMES.join(', ')}, got ${JSON.stringify(f.optimizer)}`,
    );
}

/** Checked training options from the flags; a bad value is a UsageError naming its flag. */
function tableOptions(f: ReturnType<typeof parseTableFlags>): TrainTableOptions {
  const num = (flag: string, v: string | undefined, ok: (n: number) => boolean, expected: string) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || !ok(n))
      throw new UsageError(`--${flag} must be ${expected}, got ${JSON.stringify(v)}`);
    return n;
  };
  const whole = (n: number) => Number.isInteger(n) && n >= 1;
  const share = (n: number) => n >= 0 && n < 1;
  checkTableChoices(f);
  const layers = f.layers?.split(',').map((s) => {
    if (!whole(Number(s)))
      throw new UsageError(
        `--layers must be comma-separated whole numbers ≥ 1 (e.g. 100 or 128,64), got ${JSON.stringify(f.layers)}`,
      );
    return Number(s);
  });
  const lr = num('lr', f.lr, (n) => n > 0, 'a number > 0') ?? TABULAR_DEFAULTS.lr;
  const weightDecay =
    num('weight-decay', f['weight-decay'], (n) => n >= 0, 'a number ≥ 0') ?? TABULAR_DEFAULTS.weightDecay;
  const momentum = num('momentum', f.momentum, (n) => n >= 0 && n < 1, 'a number in [0, 1)');
  const threads = num('threads', f.threads, whole, 'a whole number ≥ 1');
  if (threads !== undefined) process.env.NNKIT_THREADS = String(threads);
  const opts = {
    label: f.label === undefined ? undefined : /^-?\d+$/.test(f.label) ? Number(f.label) : f.label,
    task: f.task as 'classification' | 'regression' | undefined,
    columns: parseColumns(f.columns),
    missing: f.missing?.split(','),
    layers,
    batchNorm: f.bn ? true : f['no-bn'] ? false : undefined,
    optimizer: f.optimizer
      ? optimizerFromName(f.optimizer as never, { lr, weightDecay, ...(momentum !== undefined ? { momentum } : {}) })
      : undefined,
    lr,
    weightDecay,
    epochs: num('epochs', f.epochs, whole, 'a whole number ≥ 1'),
    batchSize: num('batch-size', f['batch-size'], whole, 'a whole number ≥ 1'),
    earlyStopping: f['no-early-stopping']
      ? (false as const)
      : num('early-stopping', f['early-stopping'], whole, 'a whole number ≥ 1 (epochs of patience)'),
    classWeight: parseClassWeight(f['class-weight']),
    testSplit: num('test-split', f['test-split'], share, 'a number in [0, 1)'),
    valSplit: num('val-split', f['val-split'], share, 'a number in [0, 1)'),
    seed: num('seed', f.seed, (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0') ?? 0,
    worker: f.worker === true ? true : undefined,
  };
  if (f.worker && f.report !== undefined)
    throw new UsageError('--report needs in-process training (its probes are callbacks); drop --worker');
  if (f.delimiter !== undefined && [...f.delimiter.replace('\\t', '\t')].length !== 1)
    throw new UsageError(`--delimiter must be one character (or \\t), got ${JSON.stringify(f.delimiter)}`);

  return opts;
}

/** The HTML report of a table run: curves, activations, findings, test metrics and the confusion matrix. */
function tableReport(
  r: TrainTableResult,
  file: string,
  recorder: ReportRecorder,
  regression: RegressionPairs | undefined,
  extraCharts: string[],
): string {
  const t = r.test;
  const classes = r.pipeline.target.type === 'classes' ? r.pipeline.target.classes : [];
  const testMetrics: Record<string, number> | undefined =
    t?.task === 'classification'
      ? { accuracy: t.accuracy, 'log loss': t.logLoss, ...(t.rocAuc !== undefined ? { 'ROC AUC': t.rocAuc } : {}) }
      : t
        ? { 'R²': t.r2, MAE: t.mae, RMSE: t.rmse }
        : undefined;
  return renderReport({
    title: `nnkit training report: ${file} (${r.schema.task}, label ${r.schema.labelName})`,
    settings: Object.fromEntries(
      r.schema.columns.map((c) => [c.name, c.kind + (c.encoding ? ` (${c.encoding})` : '')]),
    ),
    model: modelSummary(r.model).layers,
    epochs: r.history.epochs,
    batchLoss: r.history.batchLoss,
    updateRatios: recorder.updateRatios,
    activations: recorder.activations,
    testMetrics,
    confusion: t?.task === 'classification' ? { classes: [...classes], matrix: t.confusion } : undefined,
    regression,
    extraCharts,
    findings: [...r.warnings, ...(r.history.findings ?? []).map((x) => `${x.severity} ${x.id}: ${x.message}`)],
  });
}

/** The report while a table trains: the curves so far. */
function liveTableReport(file: string, ctx: TrainContext, recorder: ReportRecorder): ReportData {
  const h = ctx.history;
  return {
    title: `nnkit training report: ${file}`,
    settings: {},
    epochs: h.epochs,
    batchLoss: h.batchLoss,
    updateRatios: recorder.updateRatios,
    activations: [],
    findings: [],
  };
}

/** The test rows' targets and predictions in the label's units (regression). */
/** Two classes: the ROC curve of the test rows, scored by the model's one logit (the sigmoid is monotone). */
async function testRoc(r: TrainTableResult, table: Table): Promise<RocCurve | undefined> {
  const target = r.pipeline.target;
  if (r.test?.task !== 'classification' || r.test.rocAuc === undefined || target.type !== 'classes') return undefined;
  const ds = r.pipeline.dataset(table, r.split.test);
  const logits = await r.model.predict(ds.x);
  return { points: rocCurve(ds.y, logits.data), auc: r.test.rocAuc, positive: target.classes[1] };
}

async function testPredictions(r: TrainTableResult, table: Table): Promise<RegressionPairs> {
  const ds = r.pipeline.dataset(table, r.split.test);
  const out = await r.model.predict(ds.x);
  const t = r.pipeline.target as { decode(z: number): number };
  return {
    actual: Float64Array.from(ds.y, (z) => t.decode(z)),
    predicted: Float64Array.from(out.data, (z) => t.decode(z)),
  };
}

function parseClassWeight(text: string | undefined): TrainTableOptions['classWeight'] {
  if (text === undefined || text === 'balanced') return text;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    v = undefined;
  }
  if (
    v === null ||
    typeof v !== 'object' ||
    Array.isArray(v) ||
    !Object.values(v).every((w) => typeof w === 'number' && w >= 0)
  )
    throw new UsageError(
      `--class-weight must be balanced or a JSON object of class → weight ≥ 0, got ${JSON.stringify(text)}`,
    );
  return v as Record<string, number>;
}

function parseColumns(text: string | undefined): Record<string, ColumnKind> | undefined {
  if (text === undefined) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new UsageError(`--columns must be a JSON object like '{"zip":"categorical"}', got ${JSON.stringify(text)}`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new UsageError(`--columns must be a JSON object of column → kind, got ${JSON.stringify(text)}`);
  for (const [k, kind] of Object.entries(v))
    if (!COLUMN_KINDS.includes(kind as ColumnKind))
      throw new UsageError(
        `--columns: ${JSON.stringify(k)} has kind ${JSON.stringify(kind)}; expected one of ${COLUMN_KINDS.join(', ')}`,
      );
  return v as Record<string, ColumnKind>;
}

function metricsText(m: TableMetrics, classes: readonly string[]): string {
  if (m.task === 'regression')
    return `test R² ${m.r2.toFixed(4)}  MAE ${m.mae.toPrecision(4)}  RMSE ${m.rmse.toPrecision(4)}\n`;
  const lines = [
    `test accuracy ${(100 * m.accuracy).toFixed(2)} %  log loss ${m.logLoss.toFixed(4)}` +
      (m.rocAuc !== undefined ? `  ROC AUC ${m.rocAuc.toFixed(4)}` : ''),
    ...confusionText(m, classes),
  ];
  return lines.map((l) => `${l}\n`).join('');
}

/** Per-class precision/recall/F1 and the confusion matrix (rows: true class, columns: predicted). */
function confusionText(m: ClassReport, classes: readonly string[]): string[] {
  const w = Math.max(5, ...classes.map((c) => c.length));
  const cw = Math.max(6, ...classes.map((c) => c.length + 1), ...m.confusion.flat().map((v) => String(v).length + 1));
  return [
    `${'class'.padEnd(w)}  precision  recall     F1  support  | predicted: ${classes.map((c) => c.padStart(cw - 1)).join(' ')}`,
    ...classes.map((c, k) => {
      const p = m.perClass[k];
      return `${c.padEnd(w)}  ${p.precision.toFixed(3).padStart(9)}  ${p.recall.toFixed(3).padStart(6)}  ${p.f1.toFixed(3).padStart(5)}  ${String(p.support).padStart(7)}  | ${m.confusion[k].map((v) => String(v).padStart(cw - 1)).join(' ')}`;
    }),
  ];
}

function jsonResult(
  r: TrainTableResult,
  file: string,
  seconds: number,
  saved: string | undefined,
): Record<string, unknown> {
  const t = r.test;
  const classes = r.pipeline.target.type === 'classes' ? r.pipeline.target.classes : null;
  return {
    dataset: file,
    task: r.schema.task,
    label: r.schema.labelName,
    schema: r.schema.columns.map(({ name, kind, reason, missing, distinct, encoding }) => ({
      name,
      kind,
      reason,
      missing,
      distinct,
      ...(encoding ? { encoding } : {}),
    })),
    inputs: r.pipeline.inputNames(),
    warnings: r.warnings,
    split: { train: r.split.train.length, validation: r.split.validation.length, test: r.split.test.length },
    classes,
    epochs: r.history.epochs.length,
    bestEpoch: r.bestEpoch ?? null,
    testAccuracy: t?.task === 'classification' ? t.accuracy : null,
    testLogLoss: t?.task === 'classification' ? t.logLoss : null,
    testRocAuc: t?.task === 'classification' ? (t.rocAuc ?? null) : null,
    perClass: t?.task === 'classification' ? t.perClass : null,
    confusion: t?.task === 'classification' ? t.confusion : null,
    testR2: t?.task === 'regression' ? t.r2 : null,
    testMAE: t?.task === 'regression' ? t.mae : null,
    testRMSE: t?.task === 'regression' ? t.rmse : null,
    seconds,
    stopped: r.history.stopped,
    stopReason: r.history.stopReason ?? null,
    history: r.history.epochs,
    findings: r.history.findings ?? [],
    saved: saved ?? null,
  };
}
