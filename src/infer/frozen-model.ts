// A frozen predictor: model.freeze() snapshots a trained model into an immutable inference plan (steps.ts) —
// BatchNorm folded into the Dense before it (fold.ts), the saved preprocessing (standardization, PCA) into the first
// Dense (fold-preprocessing.ts), bias and ReLU fused into one linearForward call per layer, float32
// copies of every weight (bf16 dense weights with freeze({ precision: 'bf16' }): precision.ts), buffers kept per
// batch size — so a prediction does no training bookkeeping and, once warm, allocates only its result. Training the
// model afterwards does not change it.
//   const frozen = model.freeze();
//   frozen.predictSync([[0.1, 0.2, ...]])          Tensor [1, outputs]; µs-scale work needs no promise
//   await frozen.predict(bigTensor, { batchSize })  chunks, yielding to the event loop in between
import type { Preprocessor } from '../data/preprocess';
import type { Layer } from '../nn/layer';
import { Tensor } from '../tensor';
import { runBatched } from './batched';
import { preparedRows, preparedRowsAsync, rawWidth, type PredictInput, type RawWidth } from './input';
import { inputLayerText, rawInputText } from './width-error';
import { PlanRunner } from './runner';
import { alignedSharedArrays, shareSteps, unsharePreprocessing, unshareSteps, type SharedFrozenModel } from './shared';
import { planSteps, type LinearStep, type Step } from './steps';
import { panelsInto, transposeInto } from './fold';
import { backend } from '../backend';
import { BF16_PANEL } from '../backend/types';
import { frozenPrecision, type FreezeOptions } from './precision';
import { foldPreprocessing } from './fold-preprocessing';
import { imageSampleShape } from './image-input';

export interface Freezable {
  readonly layers: readonly Layer[];
  preprocessing?: Preprocessor;
  datasetInfo?: Record<string, unknown>;
}

export class FrozenModel {
  private readonly runner: PlanRunner;
  private readonly width: RawWidth;

  /** Freezes `model` as it is now (opts.precision: model.freeze's), or rebuilds a frozen model that share() sent
   *  to this thread. */
  constructor(model: Freezable | SharedFrozenModel, opts?: FreezeOptions) {
    if ('kind' in model && model.kind === 'nnkit-frozen-model') {
      this.runner = new PlanRunner(unshareSteps(model.steps), model.inputs, model.sampleShape);
      this.width = { ...rawWidth(model.inputs, unsharePreprocessing(model.preprocessing)), takes: model.inputLayer };
      return;
    }
    const m = model as Freezable;
    const precision = frozenPrecision(opts, backend().info());
    const image = imageSampleShape(m, undefined, 'freeze');
    const inputs = inputWidth(m.layers, image);
    const steps = planSteps(m.layers, true);
    const first = steps[0],
      pre = m.preprocessing;
    const folded =
      first?.kind === 'linear' && pre ? foldPreprocessing(first.weight, first.bias, inputs, pre) : undefined;
    if (folded) Object.assign(first, folded);
    if (precision === 'bf16') layOutBf16Weights(steps);
    else
      layOutWeights(
        steps.filter((s): s is LinearStep => s.kind === 'linear'),
        backend().info().panel,
      );
    this.runner = folded ? new PlanRunner(steps, folded.inputs) : new PlanRunner(steps, inputs, image);
    const layerText = inputLayerText(m.layers, image);
    this.width = folded
      ? { raw: folded.inputs, preprocessing: undefined, takes: rawInputText(layerText, folded.inputs, inputs, pre) }
      : rawWidth(inputs, pre, layerText);
  }

  /** The precision of the dense products: 'bf16' when freeze({ precision }) got bf16 weights, else 'fp32'. */
  get precision(): 'fp32' | 'bf16' {
    return this.runner.steps.some((s) => s.kind === 'linear-bf16') ? 'bf16' : 'fp32';
  }

  /** The same model for FrozenModel.fromShared in a worker_thread: postMessage shares its weights, no copy. */
  share(): SharedFrozenModel {
    const { steps, inputs, sampleShape } = this.runner;
    const preprocessing = this.width.preprocessing?.toJSON() ?? null;
    return {
      kind: 'nnkit-frozen-model',
      inputs,
      sampleShape: [...sampleShape],
      preprocessing,
      steps: shareSteps(steps),
      ...(this.width.takes !== undefined ? { inputLayer: this.width.takes } : {}),
    };
  }

  static fromShared(shared: SharedFrozenModel): FrozenModel {
    if (shared?.kind !== 'nnkit-frozen-model')
      throw new TypeError('FrozenModel.fromShared: expected what share() returned');
    return new FrozenModel(shared);
  }

  /** Features per input row (before the model's preprocessing). */
  get inputs(): number {
    return this.width.raw;
  }

  /** What takes the input rows, for width errors: "Dense(784→512)" (width-error.ts). */
  get inputLayer(): string | undefined {
    return this.width.takes;
  }

  /** Outputs [N, outputs] for N rows, computed now (the model's preprocessing applied). */
  predictSync(x: PredictInput): Tensor {
    const { data, rows } = preparedRows(x, this.width, 'predictSync');
    const y = this.runner.run(data, rows);
    return new Tensor(y.data.slice(), [rows, y.cols]);
  }

  /** Same as predictSync, in chunks of batchSize rows (default 256) with the event loop served in between. */
  async predict(x: PredictInput, opts: { batchSize?: number } = {}): Promise<Tensor> {
    const { data, rows } = await preparedRowsAsync(x, this.width, 'predict');
    return runBatched(this.runner, data, rows, opts.batchSize ?? 256);
  }
}

// One copy of each weight matrix, cache-line aligned, in the layout the current backend reads at every batch size:
// full-K panels of its width (native), else [inputs, outputs].
function layOutWeights(linear: readonly LinearStep[], panel: number): void {
  const lengths = linear.map((s) => (panel > 0 ? Math.ceil(s.outputs / panel) * panel * s.inputs : s.weight.length));
  const copies = alignedSharedArrays(lengths);
  linear.forEach((s, i) => {
    const weight =
      panel > 0
        ? panelsInto(s.weight, s.outputs, s.inputs, panel, copies[i])
        : transposeInto(s.weight, s.outputs, s.inputs, copies[i]);
    Object.assign(s, { weight, weightOutIn: false, panel });
  });
}

// Every dense step's weights as bf16 panels (packBf16Panels), cache-line aligned in one shared Memory; the fp32
// copies are dropped.
function layOutBf16Weights(steps: Step[]): void {
  const at = steps.flatMap((s, i) => (s.kind === 'linear' ? [i] : []));
  const linear = at.map((i) => steps[i] as LinearStep);
  const lengths = linear.map((s) => Math.ceil(s.outputs / BF16_PANEL) * BF16_PANEL * Math.ceil(s.inputs / 2) * 2);
  const copies = alignedSharedArrays(lengths, Uint16Array);
  linear.forEach((s, n) => {
    backend().packBf16Panels(s.outputs, s.inputs, s.weight, BF16_PANEL, copies[n]);
    const { inputs, outputs, bias, activation } = s;
    steps[at[n]] = { kind: 'linear-bf16', inputs, outputs, weight: copies[n], bias, activation };
  });
}

/** The width of the model's input: the first layer that declares one (Dense/Maxout inFeatures, BatchNorm features). */
export function inputWidth(layers: readonly Layer[], imageShape?: readonly number[]): number {
  if (imageShape) return imageShape.reduce((a, b) => a * b, 1);
  for (const l of layers) {
    const w = (l as { inFeatures?: unknown }).inFeatures ?? (l as { features?: unknown }).features;
    if (typeof w === 'number') return w;
  }
  throw new Error('freeze: no layer tells the input width (the model needs a Dense, Maxout or BatchNorm layer)');
}
