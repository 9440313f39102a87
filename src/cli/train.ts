// `nnkit train`: the README's main job. Loads a dataset, standardizes it (fitted on the training split), builds an
// MLP (Dense → BatchNorm → activation [→ Dropout] per hidden layer, then a Dense output), trains it with a
// schedule, prints test accuracy; optionally saves the model, writes the HTML report, prints one JSON line.
// Every step is a call of the public API; this file adds flags, progress display and files.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UsageError } from '../cli';
import { loadCSV } from '../data/csv';
import type { Dataset, TrainTest } from '../data/dataset';
import { loadDigits } from '../data/digits';
import { loadFashionMNIST } from '../data/fashion-mnist';
import { standardize } from '../data/preprocess';
import { trainValidationSplit } from '../data/split';
import { INIT_NAMES } from '../init';
import { Model } from '../model';
import { ELU } from '../nn/activations/elu';
import { LeakyReLU } from '../nn/activations/leaky-relu';
import { PReLU } from '../nn/activations/prelu';
import { ReLU } from '../nn/activations/relu';
import { Sigmoid } from '../nn/activations/sigmoid';
import { Tanh } from '../nn/activations/tanh';
import { BatchNorm } from '../nn/batch-norm';
import { Dense } from '../nn/dense';
import { Dropout } from '../nn/dropout';
import type { Layer } from '../nn/layer';
import { Maxout } from '../nn/maxout';
import { optimizerFromName } from '../optim/from-name';
import { SCHEDULE_NAMES } from '../optim/schedules';
import { renderReport } from '../report/html';
import { ReportRecorder } from '../report/recorder';
import type { Callbacks } from '../train/callbacks';
import { progressPrinter } from './progress';
import { findLearningRate, type LrFinderResult } from '../babysit/lr-finder';
import { fmtRate, type Finding } from '../babysit/findings';

/** A finding as one line of the training log. */
function findingLine(f: Finding): string {
  return `${f.severity} ${f.id}: ${f.message}`;
}

export const TRAIN_USAGE = `usage: nnkit train [options]
  --data digits|fashion-mnist|<file.csv>   dataset (default digits, embedded)
  --data-dir <dir>          where Fashion-MNIST is (else NNKIT_DATA, Debian's package, ../shared/data)
  --label <column>          CSV: label column, index or header name (default: last)
  --task classification|regression         CSV task (default classification)
  --layers 512,256          hidden layer sizes (default: 256,128 on digits, 512,256 otherwise)
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
  --val-split <f>           hold out this share of training data for the validation curve (default 0.1; 0 uses
                            the test set for it, which peeks at the test set)
  --no-standardize          skip standardization (fitted on training data, saved with the model)
  --seed <n>                seed of initialization and shuffling (default 0)
  --threads <n>             native thread pool size
  --worker                  train in a worker thread
  --save <path>             write the trained model
  --report <path.html>      write the HTML report
  --json                    last line of stdout: one JSON object with the results
`;

const ACTIVATIONS = ['relu', 'sigmoid', 'tanh', 'leaky-relu', 'prelu', 'elu', 'maxout'] as const;

function number(
  flag: string,
  v: string | undefined,
  check: (n: number) => boolean,
  expected: string,
): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || !check(n))
    throw new UsageError(`--${flag} must be ${expected}, got ${JSON.stringify(v)}`);
  return n;
}
const positiveInt = (n: number) => Number.isInteger(n) && n >= 1;

function oneOf<T extends string>(flag: string, v: string | undefined, valid: readonly T[]): T | undefined {
  if (v === undefined) return undefined;
  if (!valid.includes(v as T))
    throw new UsageError(`--${flag} must be one of ${valid.join(', ')}, got ${JSON.stringify(v)}`);
  return v as T;
}

export async function trainCommand(argv: string[]): Promise<number> {
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
      worker: { type: 'boolean' },
      save: { type: 'string' },
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
  const task = oneOf('task', f.task, ['classification', 'regression'] as const) ?? 'classification';
  const activation = oneOf('activation', f.activation, ACTIVATIONS) ?? 'relu';
  const init = oneOf('init', f.init, INIT_NAMES) ?? 'he';
  const optName = oneOf('optimizer', f.optimizer, ['sgd', 'adam', 'rmsprop'] as const) ?? 'sgd';
  const schedule = oneOf('schedule', f.schedule, SCHEDULE_NAMES) ?? 'cosine';
  if (f.bn && f['no-bn']) throw new UsageError('--bn and --no-bn contradict each other');
  const bn = !f['no-bn'];
  const layers =
    f.layers === undefined
      ? undefined
      : f.layers.split(',').map((s) => {
          const n = Number(s);
          if (!positiveInt(n))
            throw new UsageError(
              `--layers must be comma-separated whole numbers ≥ 1 (e.g. 512,256), got ${JSON.stringify(f.layers)}`,
            );
          return n;
        });
  const autoLr = f.lr === 'auto';
  const lr = autoLr ? undefined : number('lr', f.lr, (n) => n > 0, 'a number > 0');
  const momentum = number('momentum', f.momentum, (n) => n >= 0 && n < 1, 'a number in [0, 1)');
  const weightDecay = number('weight-decay', f['weight-decay'], (n) => n >= 0, 'a number ≥ 0') ?? 5e-4;
  const dropout = number('dropout', f.dropout, (n) => n >= 0 && n < 1, 'a number in [0, 1)') ?? 0;
  const epochsFlag = number('epochs', f.epochs, positiveInt, 'a whole number ≥ 1');
  const batchFlag = number('batch-size', f['batch-size'], positiveInt, 'a whole number ≥ 1');
  const valSplit = number('val-split', f['val-split'], (n) => n >= 0 && n < 1, 'a number in [0, 1)') ?? 0.1;
  const seed = number('seed', f.seed, (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0') ?? 0;
  const threads = number('threads', f.threads, positiveInt, 'a whole number ≥ 1');
  if (threads !== undefined) process.env.NNKIT_THREADS = String(threads); // read when the native backend loads
  if (f.report !== undefined && f.worker)
    throw new UsageError('--report needs in-process training (its probes are callbacks); drop --worker');

  const log = f.json ? process.stderr : process.stdout;
  const { backendInfo } = await import('../backend');
  const data = await loadData(dataName, f['data-dir'], f.label, task);
  const classification = data.train.y instanceof Int32Array;
  if (!classification && activation === 'maxout')
    throw new UsageError('--activation maxout is for classification here');
  let train = data.train;
  let validation: Dataset = data.test;
  if (valSplit > 0) ({ train, validation } = trainValidationSplit(data.train, valSplit, seed));
  const big = dataName !== 'digits';
  const hidden = layers ?? (big ? [512, 256] : [256, 128]);
  const epochs = epochsFlag ?? (big ? 10 : 20);
  const batchSize = batchFlag ?? (big ? 128 : 32);
  const outputs = classification ? (data.train.numClasses ?? 1) : 1;
  const model = new Model(buildLayers(train.x.cols, hidden, outputs, { activation, bn, init, dropout, seed }));
  let lrFinder: LrFinderResult | undefined;
  const optimizerWith = (rate: number) =>
    optimizerFromName(optName, {
      lr: rate,
      weightDecay,
      ...(optName === 'sgd'
        ? { momentum: momentum ?? 0.9 }
        : optName === 'rmsprop' && momentum !== undefined
          ? { momentum }
          : {}),
    });
  let chosenLr = lr ?? (optName === 'sgd' ? 0.1 : 0.001);
  if (autoLr) {
    // --lr auto: the babysitter's range test on a copy of the model, on the inputs as fit will see them
    const x = f['no-standardize'] ? train.x : standardize().fit(train.x).transform(train.x);
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
  const layerText = [train.x.cols, ...hidden, outputs].join('-');
  log.write(
    `nnkit train: ${data.train.name ?? dataName} (${train.x.rows} train, ` +
      `${valSplit > 0 ? `${validation.x.rows} validation, ${data.test.x.rows} test` : `${data.test.x.rows} test, also the validation curve`}), MLP ${layerText} ${activation}${bn ? ' + BatchNorm' : ''}, ${optName} lr ${optimizer.lr} → ${schedule}, ` +
      `${epochs} epochs × batch ${batchSize}, ${info.name} backend (${info.simd}, ${info.threads} threads)${f.worker ? ', in a worker thread' : ''}\n`,
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
      validation,
      signal: abort.signal,
      preprocess: f['no-standardize'] ? undefined : standardize(),
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
    standardized: !f['no-standardize'],
  };
  if (f.save) {
    await model.save(f.save, { training: { ...settings, lr: lr ?? settings.lr } });
    log.write(`saved model to ${f.save}\n`);
  }
  if (f.report !== undefined && recorder) {
    writeFileSync(
      f.report,
      renderReport({
        title: `nnkit training report: ${settings.dataset}, MLP ${layerText}`,
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
        saved: f.save ?? null,
        report: f.report ?? null,
      }) + '\n',
    );
  }
  return history.stopped && abort.signal.aborted ? 130 : 0;
}

async function loadData(
  name: string,
  dir: string | undefined,
  label: string | undefined,
  task: 'classification' | 'regression',
): Promise<TrainTest> {
  if (name === 'digits') return loadDigits();
  if (name === 'fashion-mnist') return loadFashionMNIST(dir);
  if (!/\.csv(\.gz)?$/.test(name))
    throw new UsageError(`--data must be digits, fashion-mnist or a .csv file, got ${JSON.stringify(name)}`);
  const labelColumn = label === undefined ? undefined : /^-?\d+$/.test(label) ? Number(label) : label;
  const all = await loadCSV(name, { labelColumn, task });
  if (all.x.rows < 10) throw new Error(`${name}: ${all.x.rows} rows are too few to split into train and test`);
  const { train, validation } = trainValidationSplit(all, 0.2, 0);
  return { train: { ...train, name }, test: { ...validation, name } };
}

interface BuildOptions {
  activation: (typeof ACTIVATIONS)[number];
  bn: boolean;
  init: string;
  dropout: number;
  seed: number;
}

/** Dense → [BatchNorm] → activation → [Dropout] per hidden size, then Dense to the outputs (Xavier init).
 *  With maxout, Maxout(in, h, 2) takes the place of Dense + activation. */
export function buildLayers(inputs: number, hidden: number[], outputs: number, o: BuildOptions): Layer[] {
  const layers: Layer[] = [];
  let width = inputs;
  hidden.forEach((h, i) => {
    const seed = o.seed * 1000 + i;
    const init = o.init as never;
    if (o.activation === 'maxout') {
      layers.push(new Maxout(width, h, 2, { init, seed }));
      if (o.bn) layers.push(new BatchNorm(h));
    } else {
      layers.push(new Dense(width, h, { init, seed }));
      if (o.bn) layers.push(new BatchNorm(h));
      layers.push(activationLayer(o.activation));
    }
    if (o.dropout > 0) layers.push(new Dropout(o.dropout, { seed: seed + 500 }));
    width = h;
  });
  layers.push(new Dense(width, outputs, { init: 'xavier', seed: o.seed * 1000 + 999 }));
  return layers;
}

function activationLayer(name: Exclude<(typeof ACTIVATIONS)[number], 'maxout'>): Layer {
  switch (name) {
    case 'relu':
      return new ReLU();
    case 'sigmoid':
      return new Sigmoid();
    case 'tanh':
      return new Tanh();
    case 'leaky-relu':
      return new LeakyReLU();
    case 'prelu':
      return new PReLU();
    case 'elu':
      return new ELU();
  }
}
