// The trainable model: a Sequential container plus fit / evaluate / predict / save (DESIGN §8).
//   const model = new Sequential([...]);  const history = await model.fit(train, { epochs, optimizer, ... });
// Exported from nnkit both as `Sequential` and as `Model`. The loop itself lives in train/trainer.ts.
import type { Dataset } from './data/dataset';
import type { Preprocessor } from './data/preprocess';
import { saveCheckpoint, saveModel, type SaveExtras } from './io/save';
import { encodeONNX, writeONNX, type ONNXExportOptions } from './onnx/export';
import type { Layer } from './nn/layer';
import type { TabularPipeline } from './tabular/pipeline';
import { predictRows, type RowPrediction } from './tabular/predict-rows';
import { Sequential } from './nn/sequential';
import { FrozenModel } from './infer/frozen-model';
import type { PredictInput } from './infer/input';
import { predictLive } from './infer/predict';
import type { Tensor } from './tensor';
import type { History } from './train/history';
import { evaluateModel, fitModel, type Evaluation, type FitOptions } from './train/trainer';
import { oneFitAtATime } from './train/fit-lock';
import { fitInWorker } from './train/worker';

export class Model extends Sequential {
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

  /** Trains in place; resolves with the per-epoch history. */
  async fit(train: Dataset, opts: FitOptions = {}): Promise<History> {
    if (opts.worker) return oneFitAtATime(this, () => fitInWorker(this, train, opts));
    const checkpoint = opts.checkpoint;
    return oneFitAtATime(this, () =>
      fitModel(
        this,
        train,
        opts,
        checkpoint
          ? (state, optimizer) => saveCheckpoint(this, checkpoint.path, optimizer, state, this.extras(train, opts))
          : undefined,
      ),
    );
  }

  evaluate(data: Dataset, opts: { batchSize?: number; loss?: FitOptions['loss'] } = {}): Promise<Evaluation> {
    return evaluateModel(this, data, opts);
  }

  /** Outputs [N, outputs] for raw inputs (preprocessing applied), batched, in eval mode, with the current weights.
   *  x: a Tensor [N, features], a Float32Array of N·features values, or an array of rows. */
  predict(x: PredictInput, opts: { batchSize?: number } = {}): Promise<Tensor> {
    return predictLive(this, x, opts);
  }

  /** An immutable, faster predictor of the model as it is now: BatchNorm folded, bias + ReLU fused, weights
   *  copied (src/infer/frozen-model.ts). Freeze again after further training. */
  freeze(): FrozenModel {
    return new FrozenModel(this);
  }

  /** Predictions for raw table rows (needs model.tabular): [{ label, probabilities }] or [{ value }]. */
  predictRows(rows: readonly Record<string, unknown>[]): Promise<RowPrediction[]> {
    return predictRows(this, rows);
  }

  /** Writes the model (JSON header + float32 weights) atomically. */
  save(path: string, extras: SaveExtras = {}): Promise<void> {
    return saveModel(this, path, {
      training: extras.training ?? this.trainingInfo,
      dataset: extras.dataset ?? this.datasetInfo,
    });
  }

  /** The model (with its preprocessing) as ONNX: written to `path`, or returned as the file's bytes. */
  exportONNX(path: string, opts?: ONNXExportOptions): Promise<void>;
  exportONNX(opts?: ONNXExportOptions): Promise<Uint8Array>;
  async exportONNX(target?: string | ONNXExportOptions, opts?: ONNXExportOptions): Promise<void | Uint8Array> {
    return typeof target === 'string' ? writeONNX(this, target, opts) : encodeONNX(this, target);
  }

  private extras(train: Dataset, opts: FitOptions): SaveExtras {
    return {
      training: {
        epochs: opts.epochs,
        batchSize: opts.batchSize,
        seed: opts.seed,
        schedule: typeof opts.schedule === 'string' ? opts.schedule : undefined,
      },
      dataset: { name: train.name, numClasses: train.numClasses, sampleShape: train.sampleShape },
    };
  }
}
