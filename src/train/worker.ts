// fit(train, { worker: true }): the whole training runs in a worker_thread, so the main thread's event loop only
// receives progress messages. The model's architecture, weights, data and options are copied in; the trained
// weights, preprocessing, optimizer state and history come back and are written into the caller's model.
// The inputs go over in SharedArrayBuffers filled in time slices, so the main thread never spends a long stretch
// serializing them (a structured clone of Fashion-MNIST's 188 MB blocked it for ~0.3 s).
// The worker loads the compiled package (dist/train/worker-entry.js), also when nnkit runs from its sources.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { backend } from '../backend';
import type { Dataset } from '../data/dataset';
import type { LossName } from '../losses';
import type { ScheduleName } from '../optim/schedules';
import { preprocessorFromJSON, type Preprocessor, type PreprocessorJSON } from '../data/preprocess';
import type { OptimizerConfig, OptimizerState } from '../optim/optimizer';
import type { Finding } from '../babysit/findings';
import type { Tensor } from '../tensor';
import type { Param } from '../nn/layer';
import { blockRows, drain } from '../time-slice';
import { hasTrainedWeights, swapWeights, workerFitStarted } from '../infer/worker-fit-gate';
import type { Progress } from './callbacks';
import type { History } from './history';
import type { FitOptions, Trainable } from './trainer';

/** What the worker receives (structured-cloned). */
export interface WorkerJob {
  backend: string;
  architecture: unknown[];
  arrays: { name: string; data: Float32Array }[];
  /** model.randomState(): Dropout streams continue in the worker and come back, as in-process. */
  randomState: unknown;
  preprocessing: PreprocessorJSON | null;
  /** An unfitted preprocessor to fit on the training data in the worker. */
  preprocess: PreprocessSpec | null;
  train: PlainDataset;
  validation: PlainDataset | null;
  optimizer: { config: OptimizerConfig; state: OptimizerState } | null;
  /** The reason when the caller's signal was aborted before the worker started: it trains no batch. */
  abortedAtStart: string | null;
  options: Pick<
    FitOptions,
    'epochs' | 'batchSize' | 'seed' | 'checkpoint' | 'resume' | 'babysit' | 'precision' | 'augment' | 'earlyStopping'
  > & {
    loss?: LossName;
    schedule?: ScheduleName;
  };
}

export type PreprocessSpec =
  | { kind: 'standardize'; grouping: string; scale: boolean }
  | { kind: 'pca'; k: number; whiten: boolean; eps: number }
  | { kind: 'pipeline'; steps: PreprocessSpec[] };

export interface PlainDataset {
  x: Float32Array;
  shape: number[];
  y: Int32Array | Float32Array;
  numClasses?: number;
  sampleShape?: number[];
  name?: string;
}

export type WorkerMessage =
  | { type: 'progress'; progress: Progress }
  | { type: 'finding'; finding: Finding }
  | {
      type: 'done';
      history: History;
      arrays: { name: string; data: Float32Array }[];
      randomState: unknown;
      preprocessing: PreprocessorJSON | null;
      optimizerState: OptimizerState;
    }
  | { type: 'error'; message: string; stack?: string };

export function workerEntryPath(): string {
  const compiled = __filename.endsWith('.ts')
    ? path.resolve(__dirname, '..', '..', 'dist', 'train', 'worker-entry.js')
    : path.join(__dirname, 'worker-entry.js');
  if (!existsSync(compiled))
    throw new Error(
      `fit: { worker: true } needs the compiled package (${compiled} is missing); run \`npm run build:ts\``,
    );
  return compiled;
}

export async function fitInWorker(model: Trainable, train: Dataset, opts: FitOptions): Promise<History> {
  checkWorkerOptions(opts);
  const params = [...model.parameters(), ...model.buffers()];
  const job = await workerJob(model, params, train, opts);
  const worker = new Worker(workerEntryPath(), { workerData: job });
  const training = workerFitStarted(model, hasTrainedWeights(model as { trainingInfo?: unknown }), opts.epochs ?? 10);
  const onAbort = () => worker.postMessage({ type: 'abort', reason: abortReason(opts.signal!) });
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const done = await workerOutcome(worker, opts, (epoch) => training.epoch(epoch));
    // in one step, once no predict is reading the old weights (worker-fit-gate.ts)
    await swapWeights(model, () => {
      const byName = new Map(done.arrays.map((a) => [a.name, a.data]));
      for (const p of params) p.value.set(byName.get(p.name)!);
      model.setRandomState(done.randomState);
      if (done.preprocessing) model.preprocessing = preprocessorFromJSON(done.preprocessing);
      opts.optimizer?.loadState(done.optimizerState);
      training.end();
    });
    return done.history;
  } finally {
    training.end();
    opts.signal?.removeEventListener('abort', onAbort);
    await worker.terminate();
  }
}

// What cannot cross threads: callbacks and function-valued schedules or losses.
function checkWorkerOptions(opts: FitOptions): void {
  if (opts.callbacks) throw new Error('fit: callbacks run in-process only; with { worker: true } use onProgress');
  if (typeof opts.schedule === 'function')
    throw new Error('fit: with { worker: true } the schedule must be a name (functions cannot cross threads)');
  if (opts.loss !== undefined && typeof opts.loss !== 'string')
    throw new Error('fit: with { worker: true } the loss must be a name');
}

/** Everything the worker needs, as structured-cloneable data (the datasets in SharedArrayBuffers). */
async function workerJob(model: Trainable, params: Param[], train: Dataset, opts: FitOptions): Promise<WorkerJob> {
  return {
    backend: backend().name,
    architecture: model.layers.map((l) => l.config()),
    arrays: params.map((p) => {
      if (!(p.value instanceof Float32Array)) throw new TypeError(`fit: worker training is float32; ${p.name} is not`);
      return { name: p.name, data: p.value.slice() };
    }),
    randomState: model.randomState(),
    preprocessing: opts.preprocess ? null : (model.preprocessing?.toJSON() ?? null),
    preprocess: opts.preprocess ? preprocessSpec(opts.preprocess) : null,
    train: await plain(train),
    validation: opts.validation ? await plain(opts.validation) : null,
    optimizer: opts.optimizer ? { config: opts.optimizer.config(), state: opts.optimizer.state() } : null,
    abortedAtStart: opts.signal?.aborted ? abortReason(opts.signal) : null,
    options: {
      epochs: opts.epochs,
      batchSize: opts.batchSize,
      seed: opts.seed,
      precision: opts.precision,
      augment: opts.augment,
      checkpoint: opts.checkpoint,
      resume: opts.resume,
      earlyStopping: opts.earlyStopping,
      // onFinding cannot cross threads: the worker posts each finding back and it is called here.
      babysit: typeof opts.babysit === 'object' ? { ...opts.babysit, onFinding: undefined } : opts.babysit,
      loss: opts.loss as LossName | undefined,
      schedule: opts.schedule as ScheduleName | undefined,
    },
  };
}

type DoneMessage = Extract<WorkerMessage, { type: 'done' }>;

/** Forwards progress (also to onEpoch) and findings to the caller's hooks; settles with the worker's 'done'
 *  message, or rejects on its error message, an uncaught error or an early exit (whichever comes first). */
function workerOutcome(worker: Worker, opts: FitOptions, onEpoch: (epoch: number) => void): Promise<DoneMessage> {
  return new Promise<DoneMessage>((resolve, reject) => {
    let done = false;
    const fail = (e: Error) => {
      if (!done) {
        done = true;
        reject(e);
      }
    };
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') {
        onEpoch(m.progress.epoch);
        opts.onProgress?.(m.progress);
      } else if (m.type === 'finding')
        (typeof opts.babysit === 'object' ? opts.babysit.onFinding : undefined)?.(m.finding);
      else if (m.type === 'error') fail(Object.assign(new Error(m.message), { stack: m.stack }));
      else {
        done = true;
        resolve(m);
      }
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`fit: the training worker exited with code ${code}`)));
  });
}

function abortReason(signal: AbortSignal): string {
  return String(signal.reason?.message ?? signal.reason ?? 'AbortSignal');
}

async function plain(ds: Dataset): Promise<PlainDataset> {
  return {
    x: await drain(sharedCopySteps(ds.x)),
    shape: [...ds.x.shape],
    y: ds.y,
    numClasses: ds.numClasses,
    sampleShape: ds.sampleShape,
    name: ds.name,
  };
}

/** x's values as float32 in a SharedArrayBuffer (seen by the worker without a copy), in blocks of rows. */
function* sharedCopySteps(x: Tensor): Generator<void, Float32Array> {
  const out = new Float32Array(new SharedArrayBuffer(x.size * Float32Array.BYTES_PER_ELEMENT));
  const block = blockRows(x.cols) * x.cols;
  for (let start = 0; start < x.size; start += block) {
    out.set(x.data.subarray(start, Math.min(start + block, x.size)), start);
    yield;
  }
  return out;
}

/** The settings of an (unfitted) preprocessor, to rebuild it in the worker. */
export function preprocessSpec(p: Preprocessor): PreprocessSpec {
  const any = p as unknown as Record<string, unknown>;
  if (p.kind === 'standardize')
    return { kind: 'standardize', grouping: any.grouping as string, scale: any.scale as boolean };
  if (p.kind === 'pca')
    return { kind: 'pca', k: any.k as number, whiten: any.whiten as boolean, eps: any.eps as number };
  if (p.kind === 'pipeline') return { kind: 'pipeline', steps: (any.steps as Preprocessor[]).map(preprocessSpec) };
  throw new Error(`fit: preprocessing ${p.kind} cannot run in a worker`);
}
