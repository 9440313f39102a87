// Runs an inference plan (steps.ts) over `rows` rows of float32 input. Every step writes its own output buffer,
// kept per batch size, so a warm runner allocates nothing per call; the result is a view of the last buffer (valid
// until the next call with the same number of rows). Kernels come from the current backend (native or js).
import { backend } from '../backend';
import { BF16_PANEL, type Backend } from '../backend/types';
import { Tensor } from '../tensor';
import type { Bf16LinearStep, LinearStep, Step } from './steps';

const MAX_CACHED_BATCH_SIZES = 8; // past this many distinct sizes the cache starts over (bounded memory)

export class PlanRunner {
  private readonly buffers = new Map<number, Float32Array[]>();

  /** sampleShape: the per-row input shape of an image model ([C, H, W], image-input.ts), else [inputs]. */
  constructor(
    readonly steps: readonly Step[],
    readonly inputs: number,
    readonly sampleShape: readonly number[] = [inputs],
  ) {}

  /** Output rows [rows, cols] for input x [rows, inputs] (x is only read). */
  run(x: Float32Array, rows: number): { data: Float32Array; cols: number } {
    const k = backend();
    const bufs = this.buffersFor(rows);
    let h = x,
      cols = this.inputs,
      shape = this.sampleShape; // per row: a layer step sees [rows, ...shape]
    for (let i = 0; i < this.steps.length; i++) {
      const s = this.steps[i];
      if (s.kind === 'layer') {
        const y = s.layer.forward(new Tensor(h.subarray(0, rows * cols), [rows, ...shape]), { training: false });
        [h, cols, shape] = [y.data as Float32Array, y.cols, y.shape.slice(1)];
        continue;
      }
      const outCols = isLinear(s) ? s.outputs : cols;
      const y = (bufs[i] ??= new Float32Array(rows * outCols));
      runStep(k, s, rows, cols, h, y);
      if (isLinear(s)) shape = [outCols];
      [h, cols] = [y, outCols];
    }
    return { data: h.subarray(0, rows * cols), cols };
  }

  /** Output width: the last width-changing step's (a generic layer's outFeatures when it declares one). */
  outputs(): number {
    let cols = this.inputs;
    for (const s of this.steps) {
      if (isLinear(s)) cols = s.outputs;
      else if (s.kind === 'layer') cols = (s.layer as { outFeatures?: number }).outFeatures ?? cols;
    }
    return cols;
  }

  private buffersFor(rows: number): Float32Array[] {
    let b = this.buffers.get(rows);
    if (!b) {
      if (this.buffers.size >= MAX_CACHED_BATCH_SIZES) this.buffers.clear();
      b = [];
      this.buffers.set(rows, b);
    }
    return b;
  }
}

const isLinear = (s: Step): s is LinearStep | Bf16LinearStep => s.kind === 'linear' || s.kind === 'linear-bf16';

function runStep(
  k: Backend,
  s: Exclude<Step, { kind: 'layer' }>,
  rows: number,
  cols: number,
  x: Float32Array,
  y: Float32Array,
): void {
  switch (s.kind) {
    case 'linear':
      if (s.panel > 0)
        return k.linearForwardPanels(rows, s.outputs, s.inputs, x, s.weight, s.panel, s.bias, s.activation, y);
      return k.linearForward(rows, s.outputs, s.inputs, x, s.weight, s.weightOutIn, s.bias, s.activation, y);
    case 'linear-bf16':
      return k.linearForwardPanelsBf16(rows, s.outputs, s.inputs, x, s.weight, BF16_PANEL, s.bias, s.activation, y);
    case 'batch-norm': {
      const S = cols / s.features; // H·W after a convolution ([N, C, H, W] is [N, C, S]), else 1
      if (s.relu)
        return k.batchNormReluForwardInfer(rows, s.features, S, x, s.gamma, s.beta, s.mean, s.variance, s.eps, y);
      return k.batchNormForwardInfer(rows, s.features, S, x, s.gamma, s.beta, s.mean, s.variance, s.eps, y);
    }
    case 'activation':
      return k.activationForward(s.activation, x.subarray(0, rows * cols), y, s.param);
    case 'softmax':
      return k.softmax(rows, cols, x, y);
  }
}
