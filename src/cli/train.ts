// `nnkit train`: the README's main job. Loads a dataset, standardizes it (fitted on the training split), builds an
// MLP (Dense → BatchNorm → activation [→ Dropout] per hidden layer, then a Dense output) or, with --model, a CNN
// (src/recipes/cnn.ts), trains it with a schedule, prints test accuracy; optionally saves the model, writes the HTML report, prints one JSON line.
// Every step is a call of the public API; this file adds progress display and files (flags: ./train-flags.ts).
// A table file (.csv, .tsv, .jsonl, .json) goes to ./train-table.ts, with its own defaults and flags.
//   trainCommand: parseTrainFlags → prepareRun (data, model, lr, header line) → fitRun (fit, SIGINT) → finishRun
import { fmtRate, type Finding } from '../babysit/findings';
import { findLearningRate, type LrFinderResult } from '../babysit/lr-finder';
import type { BackendInfo } from '../backend/types';
import { loadByName } from '../data/by-name';
import type { Dataset, TrainTest } from '../data/dataset';
import { asImages } from '../data/images';
import { standardize } from '../data/preprocess';
import { trainValidationSplit } from '../data/split';
import type { Model } from '../model';
import type { Optimizer } from '../optim/optimizer';
import { buildCnn, DEFAULT_CNN } from '../recipes/cnn';
import { buildMlp, buildOptimizer, defaultLr, mlpDefaults } from '../recipes/mlp';
import { renderReport, type ReportData } from '../report/html';
import { LiveReport, writeFileAtomic } from '../report/live-report';
import { ReportRecorder } from '../report/recorder';
import type { Evaluation } from '../train/trainer';
import type { History } from '../train/history';
import { resolvePrecision } from '../train/precision';
import { progressPrinter } from './progress';
import { checkOutputPath, trainingFailure } from './save-guard';
import { parseTrainFlags, TRAIN_USAGE, type TrainFlags } from './train-flags';
import { TABLE_FILE, trainTableCommand } from './train-table';
import { modelSummary } from './info';
import { UsageError } from './usage-error';

export { TRAIN_USAGE };

type Log = NodeJS.WritableStream;

/** A finding as one line of the training log. */
function findingLine(f: Finding): string {
  return `${f.severity} ${f.id}: ${f.message}`;
}

export async function trainCommand(argv: string[]): Promise<number> {
  const tableFile = flagValue(argv, '--data');
  if (tableFile !== undefined && TABLE_FILE.test(tableFile)) return trainTableCommand(argv);
  const flags = parseTrainFlags(argv);
  if (flags.help) {
    process.stdout.write(TRAIN_USAGE);
    return 0;
  }
  if (flags.threads !== undefined) process.env.NNKIT_THREADS = String(flags.threads); // read when native loads
  checkOutputPath('save', flags.save);
  checkOutputPath('report', flags.report);
  const log = flags.json ? process.stderr : process.stdout;
  const run = await prepareRun(flags, log);
  const fitted = await fitRun(run, flags, log);
  return finishRun(run, fitted, flags, log);
}

/** What a run trains on and with. */
interface Run {
  data: TrainTest;
  train: Dataset;
  validation?: Dataset;
  classification: boolean;
  model: Model;
  optimizer: Optimizer;
  lrFinder?: LrFinderResult;
  info: BackendInfo;
  /** Fitted on the training inputs (per feature; per channel for a CNN), or none (--no-standardize). */
  preprocess: () => ReturnType<typeof standardize> | undefined;
  precision: ReturnType<typeof resolvePrecision>;
  /** "64-256-128-10" (MLP) or "CNN <spec>" */
  layerText: string;
}

/** Loads the data (the test rows are scored once, at the end: the validation curve comes from the training rows,
 *  or is off), builds the model and optimizer (--lr auto: the range test), prints the header line. */
async function prepareRun(flags: TrainFlags, log: Log): Promise<Run> {
  const { backendInfo } = await import('../backend');
  const cnn = flags.model !== undefined;
  const data = cnn ? imageData(await loadByName(flags.data), flags.dataName) : await loadByName(flags.data);
  const classification = data.train.y instanceof Int32Array;
  if (!classification && flags.activation === 'maxout')
    throw new UsageError('--activation maxout is for classification here');
  let train = data.train;
  let validation: Dataset | undefined;
  if (flags.valSplit > 0) ({ train, validation } = trainValidationSplit(data.train, flags.valSplit, flags.seed));
  const outputs = classification ? (data.train.numClasses ?? 1) : 1;
  const model = cnn ? cnnModel(flags.model!, train.x.shape.slice(1), outputs, flags.seed) : mlp(flags, train, outputs);
  const preprocess = () => (flags.standardize ? standardize(cnn ? 'channel' : 'feature') : undefined);
  const optimizerWith = (lr: number) =>
    buildOptimizer(flags.optimizer, { lr, weightDecay: flags.weightDecay, momentum: flags.momentum });
  const lrFinder = flags.autoLr ? await rangeTest(model, train, preprocess(), flags, optimizerWith, log) : undefined;
  const optimizer = optimizerWith(
    lrFinder ? Number(lrFinder.suggested.toPrecision(2)) : (flags.lr ?? defaultLr(flags.optimizer)),
  );
  const info = backendInfo();
  if (flags.threads !== undefined && info.name === 'native' && info.threads !== flags.threads)
    log.write(`note: --threads ${flags.threads}: the native thread pool runs ${info.threads} (it was sized before)\n`);
  const precision = resolvePrecision(flags.precision, model.layers);
  const layerText = cnn
    ? `CNN ${flags.model === 'cnn' ? DEFAULT_CNN : flags.model}`
    : [train.x.cols, ...flags.layers, outputs].join('-');
  const run: Run = {
    data,
    train,
    validation,
    classification,
    model,
    optimizer,
    lrFinder,
    info,
    preprocess,
    precision,
    layerText,
  };
  log.write(headerLine(run, flags));
  return run;
}

/** --lr auto: the babysitter's range test on a copy of the model, on the inputs as fit will see them. */
async function rangeTest(
  model: Model,
  train: Dataset,
  preprocess: ReturnType<typeof standardize> | undefined,
  flags: TrainFlags,
  optimizer: (lr: number) => Optimizer,
  log: Log,
): Promise<LrFinderResult> {
  const x = preprocess?.fit(train.x).transform(train.x) ?? train.x;
  const found = await findLearningRate(model, { ...train, x }, { optimizer, seed: flags.seed });
  const chosen = Number(found.suggested.toPrecision(2));
  log.write(
    `--lr auto: range test over ${found.lrs.length} steps (${fmtRate(found.lrs[0])} → ` +
      `${fmtRate(found.lrs[found.lrs.length - 1])}), lowest smoothed loss at ${fmtRate(found.minLossLr)} → lr ${fmtRate(chosen)}\n`,
  );
  return found;
}

function headerLine(r: Run, flags: TrainFlags): string {
  const rows = r.validation
    ? `${r.validation.x.rows} validation, ${r.data.test.x.rows} test`
    : `${r.data.test.x.rows} test, no validation curve`;
  const net = flags.model ? r.layerText : `MLP ${r.layerText} ${flags.activation}${flags.bn ? ' + BatchNorm' : ''}`;
  const p = r.precision;
  return (
    `nnkit train: ${r.data.train.name ?? flags.dataName} (${r.train.x.rows} train, ${rows}), ${net}, ` +
    `${flags.optimizer} lr ${r.optimizer.lr} → ${flags.schedule}, ${flags.epochs} epochs × batch ${flags.batchSize}, ` +
    `${r.info.name} backend (${r.info.simd}, ${r.info.threads} threads), ` +
    `precision ${p.reason ? `fp32 (not bf16: ${p.reason})` : p.matmul}${flags.worker ? ', in a worker thread' : ''}\n`
  );
}

interface Fitted {
  history: History;
  seconds: number;
  interrupted: boolean;
  recorder?: ReportRecorder;
}

/** model.fit with the progress display, live findings, the report's recorder, and SIGINT as a clean stop. */
async function fitRun(r: Run, flags: TrainFlags, log: Log): Promise<Fitted> {
  const recorder = flags.report !== undefined ? new ReportRecorder() : undefined;
  // the live report: rewritten after every epoch, reloading itself in the browser (settings as before training)
  const settings = runSettings(r, flags);
  const live = recorder
    ? new LiveReport(flags.report!, (ctx) => reportData(r, settings, ctx.history, recorder))
    : undefined;
  const abort = new AbortController();
  const onSigint = () => abort.abort(new Error('interrupted (SIGINT)'));
  process.once('SIGINT', onSigint);
  const t0 = performance.now();
  try {
    const history = await r.model.fit(r.train, {
      epochs: flags.epochs,
      batchSize: flags.batchSize,
      optimizer: r.optimizer,
      schedule: flags.schedule,
      seed: flags.seed,
      precision: r.precision.matmul,
      validation: r.validation,
      signal: abort.signal,
      preprocess: r.preprocess(),
      augment: flags.augment,
      worker: flags.worker,
      callbacks: recorder && live ? [recorder, live] : undefined,
      onProgress: progressPrinter(log),
      // live findings (in a worker thread they arrive with the history, printed below)
      babysit: flags.worker
        ? true
        : { onFinding: (x) => log.write(`${(log as NodeJS.WriteStream).isTTY ? '\r\x1b[K' : ''}${findingLine(x)}\n`) },
    });
    return { history, seconds: (performance.now() - t0) / 1000, interrupted: abort.signal.aborted, recorder };
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/** Scores the test rows, saves, writes the report and the JSON line; the exit code. */
async function finishRun(r: Run, fitted: Fitted, flags: TrainFlags, log: Log): Promise<number> {
  const { history, seconds } = fitted;
  if (flags.worker) for (const x of history.findings ?? []) log.write(`${findingLine(x)}\n`);
  if (history.stopped) log.write(`training stopped: ${history.stopReason}\n`);
  const test = await r.model.evaluate(r.data.test, { batchSize: 512 });
  log.write(
    r.classification
      ? `test accuracy ${(100 * (test.accuracy ?? 0)).toFixed(2)} %  (test loss ${test.loss.toFixed(4)}, ${seconds.toFixed(1)} s)\n`
      : `test loss ${test.loss.toFixed(4)} (${seconds.toFixed(1)} s)\n`,
  );
  const settings = runSettings(r, flags);
  const failure = trainingFailure(history, fitted.interrupted);
  const saved = flags.save !== undefined && (!failure || flags.saveAnyway);
  if (saved) {
    await r.model.save(flags.save!, { training: { ...settings, lr: flags.lr ?? settings.lr } });
    log.write(`saved model to ${flags.save}\n`);
  } else if (flags.save !== undefined)
    log.write(`not saving ${flags.save}: training failed: ${failure}; --save-anyway saves it regardless\n`);
  if (flags.report !== undefined && fitted.recorder) {
    writeFileAtomic(flags.report, await reportHtml(r, fitted, settings, test));
    log.write(`wrote report to ${flags.report}\n`);
  }
  if (flags.json) process.stdout.write(JSON.stringify(jsonResult(r, fitted, flags, test, saved)) + '\n');
  return history.stopped && fitted.interrupted ? 130 : failure ? 1 : 0;
}

/** The settings saved with the model and shown in the report. */
function runSettings(r: Run, flags: TrainFlags) {
  // The optimizer as configured before training (fit records it): after a schedule its lr is the last step's.
  const opt = (r.model.trainingInfo?.optimizer ?? r.optimizer.config()) as Record<string, unknown>;
  const num = (k: string) => (typeof opt[k] === 'number' ? { [k]: opt[k] as number } : {});
  return {
    dataset: r.data.train.name ?? flags.dataName,
    backend: `${r.info.name} (${r.info.simd}, ${r.info.threads} threads)`,
    layers: r.layerText,
    parameters: modelSummary(r.model).parameters,
    activation: flags.activation,
    batchNorm: flags.bn,
    init: flags.init,
    optimizer: flags.optimizer,
    lr: opt.lr as number,
    ...num('momentum'),
    ...(opt.nesterov === true ? { nesterov: true } : {}),
    ...num('beta1'),
    ...num('beta2'),
    ...num('alpha'),
    weightDecay: flags.weightDecay,
    dropout: flags.dropout,
    schedule: flags.schedule,
    epochs: flags.epochs,
    batchSize: flags.batchSize,
    seed: flags.seed,
    precision: r.precision.matmul,
    standardized: flags.standardize,
  };
}

/** The report as it stands: curves so far (and, at the end, activations and findings). */
function reportData(
  r: Run,
  settings: ReturnType<typeof runSettings>,
  history: History,
  recorder: ReportRecorder,
): ReportData {
  return {
    title: `nnkit training report: ${settings.dataset}, ${r.layerText.startsWith('CNN') ? r.layerText : `MLP ${r.layerText}`}`,
    settings,
    model: modelSummary(r.model).layers,
    epochs: history.epochs,
    batchLoss: history.batchLoss,
    updateRatios: recorder.updateRatios,
    activations: recorder.activations,
    findings: (history.findings ?? []).map(
      (x) => `${x.severity} ${x.id}: ${x.message}` + (x.suggestion ? ` (${x.suggestion})` : ''),
    ),
    lrFinder: r.lrFinder,
  };
}

/** The final report: with the test result and, for regression, predicted vs actual on the test rows. */
async function reportHtml(
  r: Run,
  fitted: Fitted,
  settings: ReturnType<typeof runSettings>,
  test: Evaluation,
): Promise<string> {
  const regression = r.classification
    ? undefined
    : { actual: r.data.test.y, predicted: (await r.model.predict(r.data.test.x, { batchSize: 512 })).data };
  return renderReport({ ...reportData(r, settings, fitted.history, fitted.recorder!), test, regression });
}

/** The --json line. */
function jsonResult(r: Run, fitted: Fitted, flags: TrainFlags, test: Evaluation, saved: boolean): object {
  const { history, seconds } = fitted;
  const trainSeconds = history.epochs.reduce((a, e) => a + e.seconds, 0);
  const trainSamples = history.epochs.length * r.train.x.rows;
  const f = r.lrFinder;
  return {
    dataset: r.data.train.name ?? flags.dataName,
    backend: r.info.name,
    simd: r.info.simd,
    threads: r.info.threads,
    layers: r.layerText,
    epochs: history.epochs.length,
    testAccuracy: test.accuracy ?? null,
    testLoss: test.loss,
    trainSamplesPerSec: trainSeconds > 0 ? trainSamples / trainSeconds : 0,
    seconds,
    stopped: history.stopped,
    stopReason: history.stopReason ?? null,
    history: history.epochs,
    findings: history.findings ?? [],
    lrFinder: f ? { suggested: f.suggested, minLossLr: f.minLossLr, lrs: f.lrs, smoothed: f.smoothed } : null,
    saved: saved ? flags.save : null,
    report: flags.report ?? null,
  };
}

function mlp(flags: TrainFlags, train: Dataset, outputs: number): Model {
  const { layers, activation, bn, init, dropout } = flags;
  const recipe = { ...mlpDefaults(flags.dataName), layers, activation, bn, init, dropout };
  return buildMlp(recipe, train.x.cols, outputs, flags.seed);
}

/** The train and test rows as images [N, C, H, W] for --model; a usage error for data without an image shape. */
function imageData(data: TrainTest, name: string): TrainTest {
  if (!data.train.sampleShape || data.train.sampleShape.length !== 3)
    throw new UsageError(`--model needs image data (digits, fashion-mnist); ${name} has no image shape [C, H, W]`);
  return { train: asImages(data.train), test: asImages(data.test) };
}

function cnnModel(spec: string, sampleShape: readonly number[], outputs: number, seed: number): Model {
  try {
    return buildCnn(spec, sampleShape, outputs, seed);
  } catch (e) {
    throw new UsageError(`--${(e as Error).message}`);
  }
}

/** The value of `--flag v` or `--flag=v` in argv. */
function flagValue(argv: string[], flag: string): string | undefined {
  const i = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
  if (i < 0) return undefined;
  return argv[i] === flag ? argv[i + 1] : argv[i].slice(flag.length + 1);
}
