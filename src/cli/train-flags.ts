// `nnkit train`'s command line → its settings, with the recipe's defaults for the dataset filled in. Pure: it reads
// nothing but argv and changes nothing (the command applies --threads and checks --save/--report paths itself).
// Every bad flag is a UsageError naming it, raised before any work.
import { parseArgs } from 'node:util';
import { dataRefFromName, type DatasetRef } from '../data/by-name';
import { INIT_NAMES, type InitName } from '../init';
import { OPTIMIZER_NAMES, type OptimizerName } from '../optim/from-name';
import { SCHEDULE_NAMES, type ScheduleName } from '../optim/schedules';
import { DEFAULT_CNN } from '../recipes/cnn';
import type { Augmentation } from '../data/augment';
import { ACTIVATION_NAMES, defaultEpochs, mlpDefaults, type ActivationName } from '../recipes/mlp';
import { PRECISIONS, type Precision } from '../train/precision';
import { decimalNumber } from './decimal';
import { TABLE_USAGE } from './train-table';
import { UsageError } from './usage-error';

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
  --flip                    with --model: random horizontal flips of the training images
  --crop <p>                with --model: random crops after zero padding of p pixels per side
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

export interface TrainFlags {
  help: boolean;
  /** The --data name as given (digits, fashion-mnist, a CSV path) and what it refers to. */
  dataName: string;
  data: DatasetRef;
  layers: number[];
  /** --model: a CNN (cnn or a spec of src/recipes/cnn.ts) in place of the MLP. */
  model?: string;
  /** --flip / --crop p: augmentation of the training images (with --model). */
  augment?: Augmentation;
  activation: ActivationName;
  bn: boolean;
  init: InitName;
  optimizer: OptimizerName;
  /** undefined: the optimizer's default (or the range test with autoLr). */
  lr?: number;
  autoLr: boolean;
  momentum?: number;
  weightDecay: number;
  dropout: number;
  schedule: ScheduleName;
  epochs: number;
  batchSize: number;
  /** Share of the training rows for the validation curve; 0: none. */
  valSplit: number;
  standardize: boolean;
  seed: number;
  threads?: number;
  precision: Precision;
  worker: boolean;
  save?: string;
  saveAnyway: boolean;
  report?: string;
  json: boolean;
}

const OPTIONS = {
  data: { type: 'string' },
  'data-dir': { type: 'string' },
  label: { type: 'string' },
  task: { type: 'string' },
  layers: { type: 'string' },
  model: { type: 'string' },
  flip: { type: 'boolean' },
  crop: { type: 'string' },
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
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

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

function layerSizes(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  return text.split(',').map((s) => {
    const n = decimalNumber(s);
    if (!positiveInt(n))
      throw new UsageError(
        `--layers must be comma-separated whole numbers ≥ 1 (e.g. 512,256), got ${JSON.stringify(text)}`,
      );
    return n;
  });
}

function dataOf(f: Values): { dataName: string; data: DatasetRef } {
  const dataName = f.data ?? 'digits';
  const task = oneOf('task', f.task, ['classification', 'regression'] as const) ?? 'classification';
  try {
    return { dataName, data: dataRefFromName(dataName, { dir: f['data-dir'], label: f.label, task }) };
  } catch (e) {
    throw new UsageError(`--${(e as Error).message}`);
  }
}

/** The model and optimizer flags, with the recipe's defaults for `dataName`. */
function recipeOf(f: Values, dataName: string) {
  const d = mlpDefaults(dataName);
  if (f.bn && f['no-bn']) throw new UsageError('--bn and --no-bn contradict each other');
  if (f.model !== undefined && (f.layers !== undefined || f.activation !== undefined || f.bn || f['no-bn']))
    throw new UsageError('--model sets the whole network; drop --layers, --activation and --bn/--no-bn');
  const inUnit = (n: number) => n >= 0 && n < 1;
  const crop = number('crop', f.crop, (n) => Number.isInteger(n) && n >= 0 && n <= 1e4, 'a whole number in 0..10000');
  if ((f.flip || crop !== undefined) && f.model === undefined)
    throw new UsageError('--flip and --crop augment images: use them with --model');
  return {
    layers: layerSizes(f.layers) ?? d.layers,
    model: f.model,
    augment: f.flip || crop ? { flip: f.flip === true, crop: crop ?? 0 } : undefined,
    activation: oneOf('activation', f.activation, ACTIVATION_NAMES) ?? (d.activation as ActivationName),
    bn: !f['no-bn'],
    init: oneOf('init', f.init, INIT_NAMES) ?? (d.init as InitName),
    optimizer: oneOf('optimizer', f.optimizer, OPTIMIZER_NAMES) ?? d.optimizer,
    autoLr: f.lr === 'auto',
    lr: f.lr === 'auto' ? undefined : number('lr', f.lr, (n) => n > 0, 'a number > 0'),
    momentum: number('momentum', f.momentum, inUnit, 'a number in [0, 1)'),
    weightDecay: number('weight-decay', f['weight-decay'], (n) => n >= 0, 'a number ≥ 0') ?? d.weightDecay,
    dropout: number('dropout', f.dropout, inUnit, 'a number in [0, 1)') ?? d.dropout,
    schedule: oneOf('schedule', f.schedule, SCHEDULE_NAMES) ?? (d.schedule as ScheduleName),
    batchSize: number('batch-size', f['batch-size'], positiveInt, 'a whole number ≥ 1') ?? d.batchSize,
  };
}

export function parseTrainFlags(argv: string[]): TrainFlags {
  const { values: f } = parseArgs({ args: argv, strict: true, allowPositionals: false, options: OPTIONS });
  const { dataName, data } = dataOf(f);
  const epochs = number('epochs', f.epochs, (n) => positiveInt(n) && n <= 1e6, 'a whole number in 1..1000000');
  const flags: TrainFlags = {
    help: f.help === true,
    dataName,
    data,
    ...recipeOf(f, dataName),
    epochs: epochs ?? defaultEpochs(dataName),
    valSplit: number('val-split', f['val-split'], (n) => n >= 0 && n < 1, 'a number in [0, 1)') ?? 0.1,
    standardize: !f['no-standardize'],
    seed: number('seed', f.seed, (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0') ?? 0,
    threads: number('threads', f.threads, (n) => positiveInt(n) && n <= 256, 'a whole number in 1..256'),
    precision: oneOf('precision', f.precision, PRECISIONS) ?? 'fp32',
    worker: f.worker === true,
    save: f.save,
    saveAnyway: f['save-anyway'] === true,
    report: f.report,
    json: f.json === true,
  };
  if (flags.report !== undefined && flags.worker)
    throw new UsageError('--report needs in-process training (its probes are callbacks); drop --worker');
  return flags;
}
