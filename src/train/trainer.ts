// The training loop (fit), evaluation and batched prediction. The loop knows nothing about kernels:
//   for each epoch: shuffle (seeded) → for each batch: zeroGrad, y = model(x), L = loss(y, t), model.backward(dL/dy),
//   lr = base·schedule(step, total), optimizer.step(params) → validation → record.
// fit yields to the event loop after every batch (setImmediate), so a Node service keeps answering while it trains;
// an AbortSignal or a callback stops it between batches. Same seed → same result, bit for bit, on one backend.
// The mode is a property of each forward call ({ training: true } for a batch, false for validation, evaluate and
// predict), never the layers' shared train()/eval() flag: a predict() while fit runs changes nothing fit or its
// callbacks see. fit sets the flag to training at its start (what callbacks read) and restores it at its end.
import { performance } from 'node:perf_hooks';
import { checkDatasetSteps, type Dataset } from '../data/dataset';
import { augmentImages, checkAugmentation, type Augmentation } from '../data/augment';
import { Batcher } from '../data/batches';
import { fitPreprocessorSteps, transformSteps, type Preprocessor } from '../data/preprocess';
import type { Loss, LossName } from '../losses';
import type { Sequential } from '../nn/sequential';
import type { Optimizer } from '../optim/optimizer';
import { SGD } from '../optim/sgd';
import { Rng, type RngState } from '../random';
import { Tensor } from '../tensor';
import { drain, yieldToEventLoop } from '../time-slice';
import { Babysitter, type MonitorOptions } from '../babysit/monitor';
import { applyPrecision, checkPrecision, type Precision } from './precision';
import type { BatchInfo, Callbacks, Progress, TrainContext } from './callbacks';
import { EarlyStopping, type EarlyStoppingOptions } from './early-stopping';
import type { EpochRecord, History } from './history';
import { countCorrect } from './accuracy';
import { resolveLoss } from './resolve-loss';
import { scheduleFromName, type Schedule, type ScheduleName } from '../optim/schedules';

export interface FitOptions {
  /** Passes over the training set (default 10). */
  epochs?: number;
  /** Rows per batch (default 32); the last batch of an epoch may be smaller. */
  batchSize?: number;
  /** Default: SGD with lr 0.01 and momentum 0.9. */
  optimizer?: Optimizer;
  /** A Loss or its name; default 'softmax-cross-entropy' for class labels, 'mean-squared-error' for numbers. */
  loss?: Loss | LossName;
  /** Evaluated (in eval mode) after every epoch. */
  validation?: Dataset;
  /** Learning rate per optimizer step: a name from optim/schedules.ts ('constant' (default), 'cosine', 'step',
   *  'exponential', 'warmup-cosine'; run over all steps of the fit, from the optimizer's lr), or a function
   *  step → lr (optim.cosineDecay(...) and friends). */
  schedule?: ScheduleName | Schedule;
  callbacks?: Callbacks | Callbacks[];
  /** Stop when the validation loss has not improved for `patience` epochs (default 10) and restore the weights of
   *  its best epoch (train/early-stopping.ts); needs `validation`. Off unless given (tabular.trainTable turns it on
   *  with patience 20). */
  earlyStopping?: EarlyStoppingOptions;
  /** The babysitter's live monitors (src/babysit/monitor.ts), on by default: NaN/explosion stop the run early,
   *  and history.findings tells what they saw. false turns them off; an object tunes them. */
  babysit?: boolean | MonitorOptions;
  onProgress?: (p: Progress) => void;
  /** Stops training cleanly between batches. */
  signal?: AbortSignal;
  /** Seed of the shuffling order (default 0). */
  seed?: number;
  /** Fitted on the training inputs, applied to every input (validation, evaluate, predict), saved with the model. */
  preprocess?: Preprocessor;
  /** Write a checkpoint (model, optimizer, schedule position, RNG) every `every` epochs (default 1). */
  checkpoint?: { path: string; every?: number };
  /** Continue a run from loadCheckpoint(path).state. */
  resume?: TrainerState;
  /** Run the whole training in a worker_thread (streams onProgress; callbacks are not available there). */
  worker?: boolean;
  /** 'bf16': mixed precision, Dense matrix products on bf16 inputs with fp32 sums (./precision.ts), where the CPU
   *  has bf16 instructions (backendInfo().bf16; elsewhere one warning and fp32); 'auto': bf16 where available;
   *  'fp32' (default): everything in fp32. */
  precision?: Precision;
  /** Image augmentation of every training batch (src/data/augment.ts): { flip: true, crop: 4 }. Needs x
   *  [N, C, H, W]; drawn from a stream seeded by (seed, step), so runs and resumed runs repeat exactly. */
  augment?: Augmentation;
}

/** Where a run stands: enough to continue it exactly (stored in checkpoints). */
export interface TrainerState {
  /** Epochs completed. */
  epoch: number;
  step: number;
  baseLr: number;
  rng: { words: RngState; spare: number | null };
  /** The layers' own random streams (Dropout masks): model.randomState(). */
  layerRandom?: unknown;
  history: History;
}

/** The model side the loop needs: a Sequential carrying an optional fitted preprocessor. */
export interface Trainable extends Sequential {
  preprocessing?: Preprocessor;
}

const PROBE_ROWS = 256;

export async function fitModel(
  model: Trainable,
  train: Dataset,
  opts: FitOptions = {},
  onCheckpoint?: (state: TrainerState, optimizer: Optimizer) => Promise<void>,
): Promise<History> {
  const restorePrecision = applyPrecision(checkPrecision('fit', opts.precision), model.layers);
  try {
    return await fitLoop(model, train, opts, onCheckpoint);
  } finally {
    restorePrecision();
  }
}

async function fitLoop(
  model: Trainable,
  train: Dataset,
  opts: FitOptions,
  onCheckpoint?: (state: TrainerState, optimizer: Optimizer) => Promise<void>,
): Promise<History> {
  const epochs = opts.epochs ?? 10;
  const batchSize = opts.batchSize ?? 32;
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new RangeError(`fit: epochs must be a whole number ≥ 1, got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError(`fit: batchSize must be a whole number ≥ 1, got ${batchSize}`);
  const classification = train.y instanceof Int32Array;
  const loss = resolveLoss(opts.loss, classification);
  if (loss.name === 'softmax-cross-entropy' && !classification)
    throw new TypeError(
      'fit: softmax-cross-entropy needs class indices: pass y as an Int32Array (Int32Array.from(labels)), not ' +
        `${train.y?.constructor?.name ?? typeof train.y}; numbers as targets mean regression (loss 'mean-squared-error')`,
    );
  const optimizer = opts.optimizer ?? new SGD({ lr: 0.01, momentum: 0.9 });
  const sitter =
    opts.babysit === false ? undefined : new Babysitter(typeof opts.babysit === 'object' ? opts.babysit : {});
  const callbacks: Callbacks[] = [
    ...(sitter ? [sitter] : []),
    ...(opts.callbacks === undefined ? [] : Array.isArray(opts.callbacks) ? opts.callbacks : [opts.callbacks]),
  ];
  if (opts.earlyStopping) {
    if (!opts.validation) throw new RangeError('fit: earlyStopping watches the validation loss; pass validation data');
    callbacks.push(new EarlyStopping(opts.earlyStopping));
  }

  // The passes over the whole data run in time slices (src/time-slice.ts): the event loop never waits long.
  await drain(checkDatasetSteps(train, 'fit: training data'));
  if (opts.validation) await drain(checkDatasetSteps(opts.validation, 'fit: validation data'));
  if (opts.preprocess && !opts.resume) {
    await drain(fitPreprocessorSteps(opts.preprocess, train.x, train.sampleShape));
    model.preprocessing = opts.preprocess;
  }
  const x = await drain(transformSteps(model.preprocessing, train.x));
  const trainSet: Dataset = { ...train, x };
  const valX = opts.validation ? await drain(transformSteps(model.preprocessing, opts.validation.x)) : undefined;

  const batcher = new Batcher(trainSet, batchSize);
  const rng = new Rng(opts.seed ?? 0);
  const augment = opts.augment === undefined ? undefined : checkAugmentation(opts.augment);
  const resume = opts.resume;
  const history: History = resume ? structuredClone(resume.history) : { epochs: [], batchLoss: [], stopped: false };
  history.stopped = false;
  delete history.stopReason;
  if (resume) {
    rng.setState(resume.rng);
    model.setRandomState(resume.layerRandom);
  }
  const baseLr = resume?.baseLr ?? optimizer.lr;
  const totalSteps = epochs * batcher.batchesPerEpoch;
  const schedule = resolveSchedule(opts.schedule, baseLr, totalSteps);
  let step = resume?.step ?? 0;
  let stopReason: string | undefined;
  let epoch = resume?.epoch ?? 0;
  const params = model.parameters();
  const probe = x.sliceRows(0, Math.min(PROBE_ROWS, x.rows));

  const ctx: TrainContext = {
    layers: model.layers,
    params: () => params,
    optimizer,
    get epoch() {
      return epoch;
    },
    epochs,
    get step() {
      return step;
    },
    batchesPerEpoch: batcher.batchesPerEpoch,
    get lr() {
      return optimizer.lr;
    },
    probe,
    history,
    stop: (reason: string) => {
      stopReason ??= reason;
    },
  };
  const abortReason = () => `aborted: ${String(opts.signal?.reason?.message ?? opts.signal?.reason ?? 'AbortSignal')}`;
  const runStart = performance.now();
  const stepsAtStart = step;
  const wasTraining = model.training;
  model.train();
  for (const cb of callbacks) await cb.onTrainStart?.(ctx);

  while (epoch < epochs && stopReason === undefined) {
    epoch++;
    batcher.shuffle(rng);
    for (const cb of callbacks) await cb.onEpochStart?.(ctx);
    const t0 = performance.now();
    let lossSum = 0,
      correct = 0,
      seen = 0,
      batchesDone = 0;
    for (let b = 0; b < batcher.batchesPerEpoch; b++) {
      if (opts.signal?.aborted) {
        stopReason ??= abortReason();
        break;
      }
      const batch = batcher.batch(b);
      if (augment) augmentImages(batch.x, augment, new Rng((opts.seed ?? 0) * 1_000_003 + step));
      optimizer.lr = schedule(step);
      const info: BatchInfo = { epoch, batch: b, step, size: batch.x.rows, lr: optimizer.lr };
      for (const cb of callbacks) await cb.onBatchStart?.(ctx, info);
      model.zeroGrad();
      const out = model.forward(batch.x, { training: true });
      const l = loss.forward(out, batch.y);
      if (!Number.isFinite(l)) {
        stopReason = `loss became ${l} at epoch ${epoch}, batch ${b + 1} (step ${step}); lower the learning rate`;
        history.batchLoss.push(l);
        break;
      }
      model.backwardParams(loss.backward()); // the input gradient of the data is never needed
      info.loss = l;
      if (classification) info.accuracy = countCorrect(out, batch.y as Int32Array) / batch.x.rows;
      for (const cb of callbacks) await cb.onBeforeStep?.(ctx, info);
      optimizer.step(params);
      step++;
      batchesDone++;
      history.batchLoss.push(l);
      lossSum += l * batch.x.rows;
      if (info.accuracy !== undefined) correct += info.accuracy * batch.x.rows;
      seen += batch.x.rows;
      for (const cb of callbacks) await cb.onBatchEnd?.(ctx, info);
      if (opts.onProgress) {
        const elapsed = (performance.now() - runStart) / 1000;
        const rate = (step - stepsAtStart) / elapsed;
        opts.onProgress({
          phase: 'batch',
          epoch,
          epochs,
          batch: b + 1,
          batches: batcher.batchesPerEpoch,
          loss: lossSum / seen,
          accuracy: classification ? correct / seen : undefined,
          lr: optimizer.lr,
          samplesPerSec: seen / ((performance.now() - t0) / 1000),
          etaSeconds: rate > 0 ? (totalSteps - step) / rate : 0,
        });
      }
      if (stopReason !== undefined) break;
      await yieldToEventLoop();
    }
    if (seen === 0) break; // stopped before the epoch's first batch finished: no record
    const seconds = (performance.now() - t0) / 1000;
    const record: EpochRecord = {
      epoch,
      trainLoss: lossSum / seen,
      ...(classification ? { trainAccuracy: correct / seen } : {}),
      lr: optimizer.lr,
      seconds,
      samplesPerSec: seen / seconds,
    };
    if (opts.validation && valX && batchesDone === batcher.batchesPerEpoch) {
      const v = await evaluatePrepared(model, valX, opts.validation.y, loss, batchSize);
      record.valLoss = v.loss;
      if (v.accuracy !== undefined) record.valAccuracy = v.accuracy;
    }
    history.epochs.push(record);
    for (const cb of callbacks) await cb.onEpochEnd?.(ctx, record);
    if (opts.onProgress) {
      opts.onProgress({
        phase: 'epoch',
        epoch,
        epochs,
        batch: batchesDone,
        batches: batcher.batchesPerEpoch,
        loss: record.trainLoss,
        accuracy: record.trainAccuracy,
        lr: record.lr,
        samplesPerSec: record.samplesPerSec,
        etaSeconds: 0,
        record,
      });
    }
    if (
      onCheckpoint &&
      stopReason === undefined &&
      batchesDone === batcher.batchesPerEpoch &&
      (epoch % (opts.checkpoint?.every ?? 1) === 0 || epoch === epochs)
    ) {
      await onCheckpoint(
        { epoch, step, baseLr, rng: rng.state(), layerRandom: model.randomState(), history: structuredClone(history) },
        optimizer,
      );
    }
  }
  if (stopReason !== undefined) {
    history.stopped = true;
    history.stopReason = stopReason;
  }
  optimizer.lr = schedule(step);
  if (!wasTraining) model.eval();
  if (sitter) history.findings = sitter.findings; // filled in by its onTrainEnd, which runs first
  for (const cb of callbacks) await cb.onTrainEnd?.(ctx, history);
  return history;
}

export interface Evaluation {
  loss: number;
  accuracy?: number;
}

/** Mean loss (and accuracy for class labels) over `ds`, in eval mode, in batches. */
export async function evaluateModel(
  model: Trainable,
  ds: Dataset,
  opts: { batchSize?: number; loss?: Loss | LossName } = {},
): Promise<Evaluation> {
  await drain(checkDatasetSteps(ds, 'evaluate: data'));
  return evaluatePrepared(
    model,
    await drain(transformSteps(model.preprocessing, ds.x)),
    ds.y,
    resolveLoss(opts.loss, ds.y instanceof Int32Array),
    opts.batchSize ?? 256,
  );
}

async function evaluatePrepared(
  model: Trainable,
  x: Tensor,
  y: Int32Array | Float32Array,
  loss: Loss,
  batchSize: number,
): Promise<Evaluation> {
  let lossSum = 0,
    correct = 0;
  for (let s = 0; s < x.rows; s += batchSize) {
    const e = Math.min(s + batchSize, x.rows);
    const out = model.forward(x.sliceRows(s, e), { training: false });
    lossSum += loss.forward(out, y.subarray(s, e)) * (e - s);
    if (y instanceof Int32Array) correct += countCorrect(out, y.subarray(s, e));
    await yieldToEventLoop();
  }
  return { loss: lossSum / x.rows, ...(y instanceof Int32Array ? { accuracy: correct / x.rows } : {}) };
}

function resolveSchedule(s: string | Schedule | undefined, lr: number, total: number): Schedule {
  if (typeof s === 'function') return s;
  try {
    return scheduleFromName(s ?? 'constant', { lr, total });
  } catch (e) {
    throw new Error(`fit: ${(e as Error).message}`);
  }
}
