// The training loop (fit), evaluation and batched prediction. The loop knows nothing about kernels:
//   for each epoch: shuffle (seeded) → for each batch: zeroGrad, y = model(x), L = loss(y, t), model.backward(dL/dy),
//   lr = base·schedule(step, total), optimizer.step(params) → validation → record.
// fit yields to the event loop after every batch (setImmediate), so a Node service keeps answering while it trains;
// an AbortSignal or a callback stops it between batches. Same seed → same result, bit for bit, on one backend.
// The mode is a property of each forward call ({ training: true } for a batch, false for validation, evaluate and
// predict), never the layers' shared train()/eval() flag: a predict() while fit runs changes nothing fit or its
// callbacks see. fit sets the flag to training at its start (what callbacks read) and restores it at its end.
import { performance } from 'node:perf_hooks';
import { checkDatasetSteps, checkLabelRange, type Dataset } from '../data/dataset';
import { augmentImages, checkAugmentation, type Augmentation } from '../data/augment';
import { Batcher } from '../data/batches';
import { fitPreprocessorSteps, transformSteps, type Preprocessor } from '../data/preprocess';
import { checkFeatureWidth } from '../infer/width-error';
import type { Loss, LossName } from '../losses';
import type { Chain } from '../nn/chain';
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

/** The model side the loop needs: a Chain carrying an optional fitted preprocessor. */
export interface Trainable extends Chain {
  preprocessing?: Preprocessor;
}

const PROBE_ROWS = 256;

export async function fitModel(
  model: Trainable,
  train: Dataset,
  opts: FitOptions = {},
  onCheckpoint?: OnCheckpoint,
): Promise<History> {
  const restorePrecision = applyPrecision(checkPrecision('fit', opts.precision), model.layers);
  try {
    return await fitLoop(model, train, opts, onCheckpoint);
  } finally {
    restorePrecision();
  }
}

type OnCheckpoint = (state: TrainerState, optimizer: Optimizer) => Promise<void>;

async function fitLoop(
  model: Trainable,
  train: Dataset,
  opts: FitOptions,
  onCheckpoint?: OnCheckpoint,
): Promise<History> {
  const run = new FitRun(model, opts, onCheckpoint);
  await run.prepare(train);
  return run.run();
}

/** Running sums of one epoch. */
interface EpochTally {
  t0: number;
  lossSum: number;
  correct: number;
  seen: number;
  batchesDone: number;
}

/** One fit: the options checked and resolved (constructor), the data prepared (prepare), then epochs of batches
 *  (run → runEpoch → runBatch, endEpoch) and the end (finish). */
class FitRun {
  readonly epochs: number;
  readonly batchSize: number;
  private classification = false;
  private loss!: Loss;
  readonly optimizer: Optimizer;
  readonly sitter?: Babysitter;
  readonly callbacks: Callbacks[];
  private batcher!: Batcher;
  private rng!: Rng;
  private history!: History;
  private baseLr = 0;
  private totalSteps = 0;
  private schedule!: Schedule;
  private valX?: Tensor;
  private augment?: Augmentation;
  private ctx!: TrainContext;
  private params: ReturnType<Trainable['parameters']> = [];
  private step = 0;
  private epoch = 0;
  private stopReason: string | undefined;
  private runStart = 0;
  private stepsAtStart = 0;
  private unchecked?: Dataset; // the training data until its labels are checked against the model's outputs

  constructor(
    private readonly model: Trainable,
    private readonly opts: FitOptions,
    private readonly onCheckpoint?: OnCheckpoint,
  ) {
    this.epochs = opts.epochs ?? 10;
    this.batchSize = opts.batchSize ?? 32;
    if (!Number.isInteger(this.epochs) || this.epochs < 1)
      throw new RangeError(`fit: epochs must be a whole number ≥ 1, got ${this.epochs}`);
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1)
      throw new RangeError(`fit: batchSize must be a whole number ≥ 1, got ${this.batchSize}`);
    this.optimizer = opts.optimizer ?? new SGD({ lr: 0.01, momentum: 0.9 });
    this.sitter =
      opts.babysit === false ? undefined : new Babysitter(typeof opts.babysit === 'object' ? opts.babysit : {});
    this.callbacks = [
      ...(this.sitter ? [this.sitter] : []),
      ...(opts.callbacks === undefined ? [] : Array.isArray(opts.callbacks) ? opts.callbacks : [opts.callbacks]),
    ];
    if (opts.earlyStopping) {
      if (!opts.validation)
        throw new RangeError('fit: earlyStopping watches the validation loss; pass validation data');
      this.callbacks.push(new EarlyStopping(opts.earlyStopping));
    }
  }

  /** Checks the data and the loss, fits the preprocessing, and sets up batches, RNG, history and schedule (from
   *  opts.resume when continuing). The passes over the whole data run in time slices (src/time-slice.ts). */
  async prepare(train: Dataset): Promise<void> {
    const { model, opts } = this;
    const classification = (this.classification = train.y instanceof Int32Array);
    const loss = (this.loss = resolveLoss(opts.loss, classification));
    if (loss.name === 'softmax-cross-entropy' && !classification)
      throw new TypeError(
        'fit: softmax-cross-entropy needs class indices: pass y as an Int32Array (Int32Array.from(labels)), not ' +
          `${train.y?.constructor?.name ?? typeof train.y}; numbers as targets mean regression (loss 'mean-squared-error')`,
      );
    await drain(checkDatasetSteps(train, 'fit: training data'));
    if (opts.validation) await drain(checkDatasetSteps(opts.validation, 'fit: validation data'));
    if (opts.preprocess && !opts.resume) {
      await drain(fitPreprocessorSteps(opts.preprocess, train.x, train.sampleShape));
      model.preprocessing = opts.preprocess;
    }
    const x = await drain(transformSteps(model.preprocessing, train.x));
    checkFeatureWidth(model.layers, x, 'fit: training data');
    this.valX = opts.validation ? await drain(transformSteps(model.preprocessing, opts.validation.x)) : undefined;
    if (this.valX) checkFeatureWidth(model.layers, this.valX, 'fit: validation data');
    this.batcher = new Batcher({ ...train, x }, this.batchSize);
    this.unchecked = train;
    this.rng = new Rng(opts.seed ?? 0);
    this.augment = opts.augment === undefined ? undefined : checkAugmentation(opts.augment);
    const resume = opts.resume;
    this.history = resume ? structuredClone(resume.history) : { epochs: [], batchLoss: [], stopped: false };
    this.history.stopped = false;
    delete this.history.stopReason;
    if (resume) {
      this.rng.setState(resume.rng);
      model.setRandomState(resume.layerRandom);
    }
    this.baseLr = resume?.baseLr ?? this.optimizer.lr;
    this.totalSteps = this.epochs * this.batcher.batchesPerEpoch;
    this.schedule = resolveSchedule(opts.schedule, this.baseLr, this.totalSteps);
    this.step = resume?.step ?? 0;
    this.epoch = resume?.epoch ?? 0;
    this.params = model.parameters();
    this.ctx = this.context(x.sliceRows(0, Math.min(PROBE_ROWS, x.rows)));
  }

  private context(probe: Tensor): TrainContext {
    const now = { epoch: () => this.epoch, step: () => this.step, lr: () => this.optimizer.lr };
    return {
      layers: this.model.layers,
      params: () => this.params,
      optimizer: this.optimizer,
      get epoch() {
        return now.epoch();
      },
      epochs: this.epochs,
      get step() {
        return now.step();
      },
      batchesPerEpoch: this.batcher.batchesPerEpoch,
      get lr() {
        return now.lr();
      },
      probe,
      history: this.history,
      stop: (reason: string) => {
        this.stopReason ??= reason;
      },
    };
  }

  async run(): Promise<History> {
    this.runStart = performance.now();
    this.stepsAtStart = this.step;
    const wasTraining = this.model.training;
    this.model.train();
    // the end of the preparation, each start callback (the babysitter's probe) and the first batch: one turn each
    for (const cb of this.callbacks) {
      await yieldToEventLoop();
      await cb.onTrainStart?.(this.ctx);
    }
    await yieldToEventLoop();
    while (this.epoch < this.epochs && this.stopReason === undefined) {
      if (!(await this.runEpoch())) break;
    }
    return this.finish(wasTraining);
  }

  /** One epoch; false when it stopped before its first batch finished (no record). */
  private async runEpoch(): Promise<boolean> {
    this.epoch++;
    this.batcher.shuffle(this.rng);
    for (const cb of this.callbacks) await cb.onEpochStart?.(this.ctx);
    await yieldToEventLoop();
    const tally: EpochTally = { t0: performance.now(), lossSum: 0, correct: 0, seen: 0, batchesDone: 0 };
    for (let b = 0; b < this.batcher.batchesPerEpoch; b++) {
      if (!(await this.runBatch(b, tally))) break;
      await yieldToEventLoop();
    }
    if (tally.seen === 0) return false;
    await this.endEpoch(tally);
    return true;
  }

  /** One optimizer step on batch b; false when the run stops (abort signal, non-finite loss, a callback). */
  private async runBatch(b: number, tally: EpochTally): Promise<boolean> {
    const { model, opts, optimizer, loss } = this;
    if (opts.signal?.aborted) {
      this.stopReason ??= `aborted: ${String(opts.signal?.reason?.message ?? opts.signal?.reason ?? 'AbortSignal')}`;
      return false;
    }
    const batch = this.batcher.batch(b);
    if (this.augment) augmentImages(batch.x, this.augment, new Rng((opts.seed ?? 0) * 1_000_003 + this.step));
    optimizer.lr = this.schedule(this.step);
    const info: BatchInfo = { epoch: this.epoch, batch: b, step: this.step, size: batch.x.rows, lr: optimizer.lr };
    for (const cb of this.callbacks) await cb.onBatchStart?.(this.ctx, info);
    model.zeroGrad();
    const out = model.forward(batch.x, { training: true });
    if (this.unchecked && loss.name === 'softmax-cross-entropy') {
      // the first forward tells the number of outputs: a label past it names its dataset row, not a batch position
      checkLabelRange(this.unchecked, out.cols, 'fit: training data');
      if (opts.validation) checkLabelRange(opts.validation, out.cols, 'fit: validation data');
    }
    this.unchecked = undefined;
    const l = loss.forward(out, batch.y);
    if (!Number.isFinite(l)) {
      this.stopReason = `loss became ${l} at epoch ${this.epoch}, batch ${b + 1} (step ${this.step}); lower the learning rate`;
      this.history.batchLoss.push(l);
      return false;
    }
    model.backwardParams(loss.backward()); // the input gradient of the data is never needed
    info.loss = l;
    if (this.classification) info.accuracy = countCorrect(out, batch.y as Int32Array) / batch.x.rows;
    for (const cb of this.callbacks) await cb.onBeforeStep?.(this.ctx, info);
    optimizer.step(this.params);
    this.step++;
    tally.batchesDone++;
    this.history.batchLoss.push(l);
    tally.lossSum += l * batch.x.rows;
    if (info.accuracy !== undefined) tally.correct += info.accuracy * batch.x.rows;
    tally.seen += batch.x.rows;
    for (const cb of this.callbacks) await cb.onBatchEnd?.(this.ctx, info);
    this.batchProgress(b, tally);
    return this.stopReason === undefined;
  }

  private batchProgress(b: number, tally: EpochTally): void {
    if (!this.opts.onProgress) return;
    const elapsed = (performance.now() - this.runStart) / 1000;
    const rate = (this.step - this.stepsAtStart) / elapsed;
    this.opts.onProgress({
      phase: 'batch',
      epoch: this.epoch,
      epochs: this.epochs,
      batch: b + 1,
      batches: this.batcher.batchesPerEpoch,
      loss: tally.lossSum / tally.seen,
      accuracy: this.classification ? tally.correct / tally.seen : undefined,
      lr: this.optimizer.lr,
      samplesPerSec: tally.seen / ((performance.now() - tally.t0) / 1000),
      etaSeconds: rate > 0 ? (this.totalSteps - this.step) / rate : 0,
    });
  }

  /** The epoch's record (validation after a complete epoch), its callbacks and progress, the checkpoint. */
  private async endEpoch(tally: EpochTally): Promise<void> {
    const { opts } = this;
    const seconds = (performance.now() - tally.t0) / 1000;
    const complete = tally.batchesDone === this.batcher.batchesPerEpoch;
    const record: EpochRecord = {
      epoch: this.epoch,
      trainLoss: tally.lossSum / tally.seen,
      ...(this.classification ? { trainAccuracy: tally.correct / tally.seen } : {}),
      lr: this.optimizer.lr,
      seconds,
      samplesPerSec: tally.seen / seconds,
    };
    if (opts.validation && this.valX && complete) {
      const v = await evaluatePrepared(this.model, this.valX, opts.validation.y, this.loss, this.batchSize);
      record.valLoss = v.loss;
      if (v.accuracy !== undefined) record.valAccuracy = v.accuracy;
    }
    this.history.epochs.push(record);
    for (const cb of this.callbacks) await cb.onEpochEnd?.(this.ctx, record);
    opts.onProgress?.({
      phase: 'epoch',
      epoch: this.epoch,
      epochs: this.epochs,
      batch: tally.batchesDone,
      batches: this.batcher.batchesPerEpoch,
      loss: record.trainLoss,
      accuracy: record.trainAccuracy,
      lr: record.lr,
      samplesPerSec: record.samplesPerSec,
      etaSeconds: 0,
      record,
    });
    const every = opts.checkpoint?.every ?? 1;
    if (this.onCheckpoint && this.stopReason === undefined && complete)
      if (this.epoch % every === 0 || this.epoch === this.epochs) await this.checkpoint();
  }

  private async checkpoint(): Promise<void> {
    const { epoch, step, baseLr, rng, model, history } = this;
    const state = { epoch, step, baseLr, rng: rng.state(), layerRandom: model.randomState() };
    await this.onCheckpoint!({ ...state, history: structuredClone(history) }, this.optimizer);
  }

  private async finish(wasTraining: boolean): Promise<History> {
    const { history } = this;
    if (this.stopReason !== undefined) {
      history.stopped = true;
      history.stopReason = this.stopReason;
    }
    this.optimizer.lr = this.schedule(this.step);
    if (!wasTraining) this.model.eval();
    if (this.sitter) history.findings = this.sitter.findings; // filled in by its onTrainEnd, which runs first
    for (const cb of this.callbacks) await cb.onTrainEnd?.(this.ctx, history);
    return history;
  }
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
  const x = await drain(transformSteps(model.preprocessing, ds.x));
  checkFeatureWidth(model.layers, x, 'evaluate: data');
  return evaluatePrepared(model, x, ds.y, resolveLoss(opts.loss, ds.y instanceof Int32Array), opts.batchSize ?? 256);
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
