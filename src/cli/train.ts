// `nnkit train`: the README's main job. Loads a dataset, standardizes it (fitted on the training split), builds an
// MLP (Dense → BatchNorm → activation [→ Dropout] per hidden layer, then a Dense output) or, with --model, a CNN
// (src/recipes/cnn.ts), trains it with a
// schedule, prints test accuracy; optionally saves the model, writes the HTML report, prints one JSON line.
// Every step is a call of the public API; this file adds flags, progress display and files.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fmtRate, type Finding } from '../babysit/findings';
import { findLearningRate, type LrFinderResult } from '../babysit/lr-finder';
import { dataRefFromName, loadByName } from '../data/by-name';
import type { Dataset, TrainTest } from '../data/dataset';
import { asImages } from '../data/images';
import { standardize } from '../data/preprocess';
import { trainValidationSplit } from '../data/split';
import { INIT_NAMES } from '../init';
import { OPTIMIZER_NAMES } from '../optim/from-name';
import { SCHEDULE_NAMES } from '../optim/schedules';
import type { Model } from '../model';
import { buildCnn, DEFAULT_CNN } from '../recipes/cnn';
import { ACTIVATION_NAMES, buildMlp, buildOptimizer, defaultEpochs, defaultLr, mlpDefaults } from '../recipes/mlp';
import { renderReport } from '../report/html';
import { ReportRecorder } from '../report/recorder';
import type { Callbacks } from '../train/callbacks';
import { PRECISIONS, resolvePrecision } from '../train/precision';
import { progressPrinter } from './progress';
import { TABLE_FILE, TABLE_USAGE, trainTableCommand } from './train-table';
import { UsageError } from './usage-error';
import { decimalNumber } from './decimal';
import { checkOutputPath, trainingFailure } from './save-guard';

/** A finding as one line of the training log. */
function findingLine(f: Finding): string {
  return `${f.severity} ${f.id}: ${f.message}`;
}

export const TRAIN_USAGE = `usage: nnkit train [options]
  --data digits|fashion-mnist|<table>   dataset (default digits, embedded); a table (.csv, .tsv, .jsonl,
                            .json) has its own defaults and flags (below)
  --data-dir <dir>          where Fashion-MNIST is (else NNKIT_DATA, Debian's package, ../shared/data)
  --label <column>          CSV: label column, index or header name (default: last)
  --task classification|regression         CSV task (default classification)
  --layers 512,256          hidden layer sizes (default: 256,128 on digits, 512,256 otherwise)
  --model cnn|<spec>        a CNN on the images [N, C, H, W] instead of the MLP: cnn = ${DEFAULT_CNN},
                            or a spec like conv32-bn-relu-pool,fc128 (grammar: README, src/recipes/cnn.ts);
                            inputs standardized per channel
  --activation relu|sigmoid|tanh|leaky-relu|prelu|elu|maxout   (default relu)
  --bn / --no-bn            BatchNorm after each hidden layer (default on)
  --init <name>             hidden-layer init: ${INIT_NAMES.join('|')} (default he)
  --optimizer sgd|adam|rmsprop              (default sgd)
  --lr <x>|auto             (default 0.1 for sgd, 0.001 for adam/rmsprop; auto: the learning-rate range test)
  --momentum <x>            sgd/rmsprop momentum (default 0.9 for sgd)
  --weight-decay <x>        L2 weight decay (default 5e-4)
  --dropout <p>             dropout after each hidden activation (default 0)
  --schedule ${SCHEDULE_NAMES.join('|')}   (default cosine)
  --epochs <n>              (default 20 on digits, 10 otherwise)
  --batch-size <n>          (default 32 on digits, 128 otherwise)
  --val-split <f>           hold out this share of the training rows for the validation curve (default 0.1;
                            0: no validation curve — the test rows are only scored at the end)
  --no-standardize          skip standardization (fitted on training data, saved with the model)
  --seed <n>                seed of initialization and shuffling (default 0)
  --threads <n>             native thread pool size
  --precision fp32|bf16|auto  bf16: mixed precision (Dense products on bf16 inputs, fp32 sums; needs AVX512_BF16,
                            else fp32 with a note); auto: bf16 where the CPU has it (default fp32)
  --worker                  train in a worker thread
  --save <path>             write the trained model (not when training stopped on an error: exit 1)
  --save-anyway             with --save: write it even then
  --report <path.html>      write the HTML report
  --json                    last line of stdout: one JSON object with the results

${TABLE_USAGE}`;

function number(
  flag: string,
  v: string | undefined,
  check: (n: number) => boolean,
  expected: string,
): number | undefined {
  if (v === undefined) return undefined;
  const n = decimalNumber(v);
  if (!Number.isFinite(n) || !check(n)) throw new UsageError(`--${flag} must be ${expected}, got ${JSON.stringify(v)}`);
  return n;
}
const positiveInt = (n: number) => Number.isSafeInteger(n) && n >= 1;

function oneOf<T extends string>(flag: string, v: string | undefined, valid: readonly T[]): T | undefined {
  if (v === undefined) return undefined;
  if (!valid.includes(v as T))
    throw new UsageError(`--${flag} must be one of ${valid.join(', ')}, got ${JSON.stringify(v)}`);
  return v as T;
}

export async function trainCommand(argv: string[]): Promise<number> {
  const tableFile = flagValue(argv, '--data');
  if (tableFile !== undefined && TABLE_FILE.test(tableFile)) return trainTableCommand(argv);
  const { values: f } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      data: { type: 'string' },
      'data-dir': { type: 'string' },
      label: { type: 'string' },
      task: { type: 'string' },
      layers: { type: 'string' },
      model: { type: 'string' },
      activation: { type: 'string' },
      bn: { type: 'boolean' },
      'no-bn': { type: 'boolean' },
      init: { type: 'string' },
      optimizer: { type: 'string' },
      lr: { type: 'string' },
      momentum: { type: 'string' },
      'weight-decay': { type: 'string' },
      dropout: { type: 'string' },
      schedule: { type: 'string' },
      epochs: { type: 'string' },
      'batch-size': { type: 'string' },
      'val-split': { type: 'string' },
      'no-standardize': { type: 'boolean' },
      seed: { type: 'string' },
      threads: { type: 'string' },
      precision: { type: 'string' },
      worker: { type: 'boolean' },
      save: { type: 'string' },
      'save-anyway': { type: 'boolean' },
      report: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (f.help) {
    process.stdout.write(TRAIN_USAGE);
    return 0;
  }
  // Validate every flag before any work.
  const dataName = f.data ?? 'digits';
  const defaults = mlpDefaults(dataName);
  const task = oneOf('task', f.task, ['classification', 'regression'] as const) ?? 'classification';
  let dataRef;
  try {
    dataRef = dataRefFromName(dataName, { dir: f['data-dir'], label: f.label, task });
  } catch (e) {
    throw new UsageError(`--${(e as Error).message}`);
  }
  const activation = oneOf('activation', f.activation, ACTIVATION_NAMES) ?? defaults.activation;
  const init = oneOf('init', f.init, INIT_NAMES) ?? defaults.init;
  const optName = oneOf('optimizer', f.optimizer, OPTIMIZER_NAMES) ?? defaults.optimizer;
  const schedule = oneOf('schedule', f.schedule, SCHEDULE_NAMES) ?? defaults.schedule;
  if (f.bn && f['no-bn']) throw new UsageError('--bn and --no-bn contradict each other');
  const bn = !f['no-bn'];
  const layers =
    f.layers === undefined
      ? undefined
      : f.layers.split(',').map((s) => {
          const n = decimalNumber(s);
          if (!positiveInt(n))
            throw new UsageError(
              `--layers must be comma-separated whole numbers ≥ 1 (e.g. 512,256), got ${JSON.stringify(f.layers)}`,
            );
          return n;
        });
  if (f.model !== undefined && (f.layers !== undefined || f.activation !== undefined || f.bn || f['no-bn']))
    throw new UsageError('--model sets the whole network; drop --layers, --activation and --bn/--no-bn');
  const autoLr = f.lr === 'auto';
  const lr = autoLr ? undefined : number('lr', f.lr, (n) => n > 0, 'a number > 0');
  const momentum = number('momentum', f.momentum, (n) => n >= 0 && n < 1, 'a number in [0, 1)');
  const weightDecay = number('weight-decay', f['weight-decay'], (n) => n >= 0, 'a number ≥ 0') ?? defaults.weightDecay;
  const dropout = number('dropout', f.dropout, (n) => n >= 0 && n < 1, 'a number in [0, 1)') ?? defaults.dropout;
  const epochsFlag = number('epochs', f.epochs, (n) => positiveInt(n) && n <= 1e6, 'a whole number in 1..1000000');
  const batchFlag = number('batch-size', f['batch-size'], positiveInt, 'a whole number ≥ 1');
  const valSplit = number('val-split', f['val-split'], (n) => n >= 0 && n < 1, 'a number in [0, 1)') ?? 0.1;
  const seed = number('seed', f.seed, (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0') ?? 0;
  const threads = number('threads', f.threads, (n) => positiveInt(n) && n <= 256, 'a whole number in 1..256');
  if (threads !== undefined) process.env.NNKIT_THREADS = String(threads); // read when the native backend loads
  const precisionFlag = oneOf('precision', f.precision, PRECISIONS) ?? 'fp32';
  if (f.report !== undefined && f.worker)
    throw new UsageError('--report needs in-process training (its probes are callbacks); drop --worker');
  checkOutputPath('save', f.save);
  checkOutputPath('report', f.report);

  const log = f.json ? process.stderr : process.stdout;
  const { backendInfo } = await import('../backend');
  const cnn = f.model !== undefined;
  const data = cnn ? imageData(await loadByName(dataRef), dataName) : await loadByName(dataRef);
  const classification = data.train.y instanceof Int32Array;
  if (!classification && activation === 'maxout')
    throw new UsageError('--activation maxout is for classification here');
  // The test rows are scored once, at the end: the validation curve comes from the training rows, or is off.
  let train = data.train;
  let validation: Dataset | undefined;
  if (valSplit > 0) ({ train, validation } = trainValidationSplit(data.train, valSplit, seed));
  const hidden = layers ?? defaults.layers;
  const epochs = epochsFlag ?? defaultEpochs(dataName);
  const batchSize = batchFlag ?? defaults.batchSize;
  const outputs = classification ? (data.train.numClasses ?? 1) : 1;
  const model = cnn
    ? cnnModel(f.model as string, train.x.shape.slice(1), outputs, seed)
    : buildMlp({ ...defaults, layers: hidden, activation, bn, init, dropout }, train.x.cols, outputs, seed);
  const preprocess = () => (f['no-standardize'] ? undefined : standardize(cnn ? 'channel' : 'feature'));
  let lrFinder: LrFinderResult | undefined;
  const optimizerWith = (rate: number) => buildOptimizer(optName, { lr: rate, weightDecay, momentum });
  let chosenLr = lr ?? defaultLr(optName);
  if (autoLr) {
    // --lr auto: the babysitter's range test on a copy of the model, on the inputs as fit will see them
    const x = preprocess()?.fit(train.x).transform(train.x) ?? train.x;
    const found = await findLearningRate(model, { ...train, x }, { optimizer: optimizerWith, seed });
    chosenLr = Number(found.suggested.toPrecision(2));
    lrFinder = found;
    log.write(
      `--lr auto: range test over ${found.lrs.length} steps (${fmtRate(found.lrs[0])} → ` +
        `${fmtRate(found.lrs[found.lrs.length - 1])}), lowest smoothed loss at ${fmtRate(found.minLossLr)} → lr ${fmtRate(chosenLr)}\n`,
    );
  }
  const optimizer = optimizerWith(chosenLr);
  const info = backendInfo();
  if (threads !== undefined && info.name === 'native' && info.threads !== threads)
    log.write(`note: --threads ${threads}: the native thread pool runs ${info.threads} (it was sized before)\n`);
  const precision = resolvePrecision(precisionFlag, model.layers);
  const precisionText = precision.reason ? `fp32 (not bf16: ${precision.reason})` : precision.matmul;
  const layerText = cnn
    ? `CNN ${f.model === 'cnn' ? DEFAULT_CNN : f.model}`
    : [train.x.cols, ...hidden, outputs].join('-');
  const netText = cnn ? layerText : `MLP ${layerText} ${activation}${bn ? ' + BatchNorm' : ''}`;
  log.write(
    `nnkit train: ${data.train.name ?? dataName} (${train.x.rows} train, ` +
      `${validation ? `${validation.x.rows} validation, ${data.test.x.rows} test` : `${data.test.x.rows} test, no validation curve`}), ${netText}, ${optName} lr ${optimizer.lr} → ${schedule}, ` +
      `${epochs} epochs × batch ${batchSize}, ${info.name} backend (${info.simd}, ${info.threads} threads), precision ${precisionText}${f.worker ? ', in a worker thread' : ''}\n`,
  );

  const recorder = f.report !== undefined ? new ReportRecorder() : undefined;
  const callbacks: Callbacks[] = recorder ? [recorder] : [];
  const abort = new AbortController();
  const onSigint = () => abort.abort(new Error('interrupted (SIGINT)'));
  process.once('SIGINT', onSigint);
  const t0 = performance.now();
  let history;
  try {
    history = await model.fit(train, {
      epochs,
      batchSize,
      optimizer,
      schedule,
      seed,
      precision: precision.matmul,
      validation,
      signal: abort.signal,
      preprocess: preprocess(),
      worker: f.worker,
      callbacks: callbacks.length ? callbacks : undefined,
      onProgress: progressPrinter(log),
      // live findings (in a worker thread they arrive with the history, printed below)
      babysit: f.worker
        ? true
        : { onFinding: (x) => log.write(`${(log as NodeJS.WriteStream).isTTY ? '\r\x1b[K' : ''}${findingLine(x)}\n`) },
    });
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  const seconds = (performance.now() - t0) / 1000;
  if (f.worker) for (const x of history.findings ?? []) log.write(`${findingLine(x)}\n`);
  if (history.stopped) log.write(`training stopped: ${history.stopReason}\n`);
  const test = await model.evaluate(data.test, { batchSize: 512 });
  const trainSeconds = history.epochs.reduce((a, e) => a + e.seconds, 0);
  const trainSamples = history.epochs.length * train.x.rows;
  log.write(
    classification
      ? `test accuracy ${(100 * (test.accuracy ?? 0)).toFixed(2)} %  (test loss ${test.loss.toFixed(4)}, ${seconds.toFixed(1)} s)\n`
      : `test loss ${test.loss.toFixed(4)} (${seconds.toFixed(1)} s)\n`,
  );
  const settings = {
    dataset: data.train.name ?? dataName,
    backend: `${info.name} (${info.simd}, ${info.threads} threads)`,
    layers: layerText,
    activation,
    batchNorm: bn,
    init,
    optimizer: optName,
    lr: optimizer.config().lr as number,
    weightDecay,
    dropout,
    schedule,
    epochs,
    batchSize,
    seed,
    precision: precision.matmul,
    standardized: !f['no-standardize'],
  };
  const failure = trainingFailure(history, abort.signal.aborted);
  const save = f.save !== undefined && (!failure || f['save-anyway']);
  if (save) {
    await model.save(f.save!, { training: { ...settings, lr: lr ?? settings.lr } });
    log.write(`saved model to ${f.save}\n`);
  } else if (f.save !== undefined)
    log.write(`not saving ${f.save}: training failed: ${failure}; --save-anyway saves it regardless\n`);
  if (f.report !== undefined && recorder) {
    writeFileSync(
      f.report,
      renderReport({
        title: `nnkit training report: ${settings.dataset}, ${cnn ? layerText : `MLP ${layerText}`}`,
        settings,
        epochs: history.epochs,
        batchLoss: history.batchLoss,
        updateRatios: recorder.updateRatios,
        activations: recorder.activations,
        test,
        findings: (history.findings ?? []).map(
          (x) => `${x.severity} ${x.id}: ${x.message}` + (x.suggestion ? ` (${x.suggestion})` : ''),
        ),
        lrFinder,
      }),
    );
    log.write(`wrote report to ${f.report}\n`);
  }
  if (f.json) {
    process.stdout.write(
      JSON.stringify({
        dataset: settings.dataset,
        backend: info.name,
        simd: info.simd,
        threads: info.threads,
        layers: layerText,
        epochs: history.epochs.length,
        testAccuracy: test.accuracy ?? null,
        testLoss: test.loss,
        trainSamplesPerSec: trainSeconds > 0 ? trainSamples / trainSeconds : 0,
        seconds,
        stopped: history.stopped,
        stopReason: history.stopReason ?? null,
        history: history.epochs,
        findings: history.findings ?? [],
        lrFinder: lrFinder
          ? {
              suggested: lrFinder.suggested,
              minLossLr: lrFinder.minLossLr,
              lrs: lrFinder.lrs,
              smoothed: lrFinder.smoothed,
            }
          : null,
        saved: save ? f.save : null,
        report: f.report ?? null,
      }) + '\n',
    );
  }
  return history.stopped && abort.signal.aborted ? 130 : failure ? 1 : 0;
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
