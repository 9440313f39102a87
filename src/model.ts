// The trainable model: the layer container (nn.Chain) plus fit / evaluate / predict / save (docs/design.md §8).
//   const model = new Sequential([...]);  const history = await model.fit(train, { epochs, optimizer, ... });
// Exported from nnkit both as `Sequential` (the name users build models with) and as `Model`; the loop itself lives
// in train/trainer.ts.
import type { Dataset } from './data/dataset';
import type { Preprocessor } from './data/preprocess';
import { saveCheckpoint, saveModel, type SaveExtras } from './io/save';
import type { Layer } from './nn/layer';
import type { TabularPipeline } from './tabular/pipeline';
import { predictRows, type RowPrediction } from './tabular/predict-rows';
import { Chain } from './nn/chain';
import { FrozenModel } from './infer/frozen-model';
import type { FreezeOptions } from './infer/precision';
import type { PredictInput } from './infer/input';
import { predictLive } from './infer/predict';
import { readingWeights } from './infer/worker-fit-gate';
import { classNamesOf, encodeONNX, writeONNX, type ONNXExportOptions } from './onnx/export';
import { classes, outputKind, probabilities } from './predictions';
import type { Tensor } from './tensor';
import type { History } from './train/history';
import { evaluateModel, fitModel, type Evaluation, type FitOptions } from './train/trainer';
import { oneFitAtATime } from './train/fit-lock';
import { fitInWorker } from './train/worker';

export class Model extends Chain {
  /** Fitted preprocessing applied to every input of fit/evaluate/predict; saved with the model. */
  preprocessing?: Preprocessor;
  /** Fitted preprocessing of a table (tabular.trainTable): raw rows → inputs, outputs → labels; saved with the model. */
  tabular?: TabularPipeline;
  /** How the model was trained and on what (recorded by save, restored by loadModel). */
  trainingInfo?: Record<string, unknown>;
  datasetInfo?: Record<string, unknown>;

  constructor(layers: Layer[] = []) {
    super(layers);
  }

  /** Users build this class as `Sequential`: describe() and errors say so. */
  protected override get kind(): string {
    return 'Sequential';
  }

  /** Trains in place; resolves with the per-epoch history. Records trainingInfo (every setting, the loss, the
   *  optimizer's initial hyperparameters) and datasetInfo, which save() writes with the model. */
  async fit(train: Dataset, opts: FitOptions = {}): Promise<History> {
    const extras = fitExtras(train, opts);
    const checkpoint = opts.checkpoint;
    const history = await oneFitAtATime(this, () =>
      opts.worker
        ? fitInWorker(this, train, opts)
        : fitModel(
            this,
            train,
            opts,
            checkpoint
              ? (state, optimizer) => saveCheckpoint(this, checkpoint.path, optimizer, state, extras)
              : undefined,
          ),
    );
    this.trainingInfo = extras.training;
    this.datasetInfo = extras.dataset;
    return history;
  }

  evaluate(data: Dataset, opts: { batchSize?: number; loss?: FitOptions['loss'] } = {}): Promise<Evaluation> {
    return readingWeights(this, 'evaluate', () => evaluateModel(this, data, opts));
  }

  /** Raw outputs [N, outputs] for raw inputs (preprocessing applied), batched, in eval mode, with the current
   *  weights: logits for a classifier, values for regression (same as predictRaw). x: a Tensor [N, features], a
   *  Float32Array of N·features values, an array of rows, or one row as an array of numbers. */
  predict(x: PredictInput, opts: PredictOptions = {}): Promise<Tensor> {
    return predictLive(this, x, opts);
  }

  /** predict under a name that says what it returns: logits or regression values. */
  predictRaw(x: PredictInput, opts: PredictOptions = {}): Promise<Tensor> {
    return predictLive(this, x, opts);
  }

  /** Class probabilities [N, C] (rows sum to 1); [N, 1] = P(class 1) for a binary (sigmoid) model. */
  async predictProba(x: PredictInput, opts: PredictOptions = {}): Promise<Tensor> {
    const raw = await this.predictRaw(x, opts);
    return probabilities(raw, outputKind(this.trainingInfo, raw.cols, 'predictProba'));
  }

  /** The most probable class index per row. */
  async predictClasses(x: PredictInput, opts: PredictOptions = {}): Promise<Int32Array> {
    const raw = await this.predictRaw(x, opts);
    return classes(raw, outputKind(this.trainingInfo, raw.cols, 'predictClasses'));
  }

  /** The most probable class per row by name: datasetInfo.classNames, or a CSV's original class values. */
  async predictLabels(x: PredictInput, opts: PredictOptions = {}): Promise<string[]> {
    const classes = await this.predictClasses(x, opts); // first: a model training in a worker says so (503)
    const names = classNamesOf(this);
    if (!names)
      throw new Error('predictLabels: the model has no class names (datasetInfo.classNames); use predictClasses');
    return Array.from(classes, (c) => names[c]);
  }

  /** An immutable, faster predictor of the model as it is now: BatchNorm folded, bias + ReLU fused, weights
   *  copied (src/infer/frozen-model.ts). Freeze again after further training. `precision: 'bf16'` keeps the dense
   *  weights as bf16 (half the bytes; inputs rounded per product, fp32 sums) where the CPU has AVX512_BF16, 'auto'
   *  picks that where it can (src/infer/precision.ts). */
  freeze(opts?: FreezeOptions): FrozenModel {
    return new FrozenModel(this, opts);
  }

  /** Predictions for raw table rows (needs model.tabular): [{ label, probabilities }] or [{ value }]. */
  predictRows(rows: readonly Record<string, unknown>[]): Promise<RowPrediction[]> {
    return predictRows(this, rows);
  }

  /** Writes the model (JSON header + float32 weights) atomically. */
  save(path: string, extras: SaveExtras = {}): Promise<void> {
    return saveModel(this, path, {
      training: { ...this.trainingInfo, ...extras.training },
      dataset: { ...this.datasetInfo, ...extras.dataset },
    });
  }

  /** The model (with its preprocessing) as ONNX: written to `path`, or returned as the file's bytes. */
  exportONNX(path: string, opts?: ONNXExportOptions): Promise<void>;
  exportONNX(opts?: ONNXExportOptions): Promise<Uint8Array>;
  async exportONNX(target?: string | ONNXExportOptions, opts?: ONNXExportOptions): Promise<void | Uint8Array> {
    return typeof target === 'string' ? writeONNX(this, target, opts) : encodeONNX(this, target);
  }
}

export interface PredictOptions {
  /** Rows per forward pass (default 256). */
  batchSize?: number;
}

/** What fit records: its settings with their defaults, the loss by name, the optimizer as configured at the start
 *  (its lr before any schedule), and the dataset's name, classes and sample shape. */
function fitExtras(train: Dataset, opts: FitOptions): Required<SaveExtras> {
  const classification = train.y instanceof Int32Array;
  const loss = opts.loss ?? (classification ? 'softmax-cross-entropy' : 'mean-squared-error');
  const named = train as Dataset & { classNames?: unknown; classValues?: unknown };
  return {
    training: {
      epochs: opts.epochs ?? 10,
      batchSize: opts.batchSize ?? 32,
      seed: opts.seed ?? 0,
      schedule: typeof opts.schedule === 'string' ? opts.schedule : opts.schedule ? 'custom' : 'constant',
      loss: typeof loss === 'string' ? loss : loss.name,
      optimizer: opts.optimizer?.config() ?? { type: 'SGD', lr: 0.01, momentum: 0.9 },
      preprocess: opts.preprocess?.kind ?? null,
    },
    dataset: {
      name: train.name,
      numClasses: train.numClasses,
      sampleShape: train.sampleShape ?? [train.x.cols],
      ...(named.classNames ? { classNames: named.classNames } : {}),
      ...(named.classValues ? { classValues: named.classValues } : {}),
    },
  };
}
