// An inference plan: a Sequential's layers as a flat list of kernel steps, in eval mode.
//   Dense                      → linear   y = x·Wᵀ + b  (linear-bf16 in a frozen plan with bf16 weights)
//   Dense, BatchNorm (frozen)  → linear   with BatchNorm folded in: s = γ/√(σ² + ε), W' = s·W, b' = s·(b − μ) + β
//   … then ReLU                → the same linear step with act = relu (one kernel call: linearForward)
//   BatchNorm (alone)          → batch-norm (running estimates), ReLU fused when it follows
//   Sigmoid, Tanh, LeakyReLU, ELU → activation;  Softmax → softmax;  Dropout, Identity → nothing (eval mode)
//   anything else (PReLU, Maxout, custom layers) → layer: its own eval-mode forward
// A frozen plan (snapshot) owns float32 copies of every array (in SharedArrayBuffers, so worker_threads can share
// them: shared.ts), so training the model afterwards changes nothing; a live plan (Model.predict) reads the
// layers' arrays in place and folds nothing.
import type { ElementwiseActivation, LinearActivation } from '../backend/types';
import { ELU } from '../nn/activations/elu';
import { Identity } from '../nn/activations/identity';
import { LeakyReLU } from '../nn/activations/leaky-relu';
import { ReLU } from '../nn/activations/relu';
import { Sigmoid } from '../nn/activations/sigmoid';
import { Softmax } from '../nn/activations/softmax';
import { Tanh } from '../nn/activations/tanh';
import { BatchNorm } from '../nn/batch-norm';
import { Dense } from '../nn/dense';
import { Dropout } from '../nn/dropout';
import type { Layer } from '../nn/layer';
import { cloneLayer } from '../nn/registry';
import { foldBatchNorm } from './fold';
import { sharedCopy } from './shared';

export interface LinearStep {
  kind: 'linear';
  inputs: number;
  outputs: number;
  /** [outputs, inputs] (Dense's layout) when weightOutIn, else [inputs, outputs]; when panel > 0 (a frozen plan
   *  on the native backend), full-K panels of that many columns (linearForwardPanels): the one copy a frozen plan
   *  keeps, which the small-batch kernel and the packed GEMM both read in place. */
  weight: Float32Array;
  weightOutIn: boolean;
  panel: number;
  bias: Float32Array | null;
  activation: LinearActivation;
}
/** A frozen plan's linear step with bf16 weights (freeze({ precision: 'bf16' })): W in full-K panels of BF16_PANEL
 *  columns of bf16 pairs (Backend.packBf16Panels, the bf16 GEMM's B layout), the one copy both the native
 *  small-batch kernel and the bf16 GEMM read in place (linearForwardPanelsBf16); bias fp32. */
export interface Bf16LinearStep {
  kind: 'linear-bf16';
  inputs: number;
  outputs: number;
  weight: Uint16Array;
  bias: Float32Array | null;
  activation: LinearActivation;
}
export interface BatchNormStep {
  kind: 'batch-norm';
  features: number;
  gamma: Float32Array;
  beta: Float32Array;
  mean: Float32Array;
  variance: Float32Array;
  eps: number;
  relu: boolean;
}
export interface ActivationStep {
  kind: 'activation';
  activation: ElementwiseActivation;
  param: number;
}
export interface SoftmaxStep {
  kind: 'softmax';
}
export interface LayerStep {
  kind: 'layer';
  layer: Layer;
}
export type Step = LinearStep | Bf16LinearStep | BatchNormStep | ActivationStep | SoftmaxStep | LayerStep;

/** Builds the plan; `snapshot` copies every array into float32 and folds BatchNorm into the Dense before it. */
export function planSteps(layers: readonly Layer[], snapshot: boolean): Step[] {
  const steps: Step[] = [];
  for (let i = 0; i < layers.length; i++) {
    const l = layers[i];
    if (l instanceof Dropout || l instanceof Identity) continue;
    if (l instanceof ReLU && fuseRelu(steps[steps.length - 1])) continue;
    if (l instanceof BatchNorm && snapshot && foldable(steps[steps.length - 1], l)) {
      const prev = steps[steps.length - 1] as LinearStep;
      Object.assign(prev, foldBatchNorm(prev.weight, prev.bias, l), { activation: l.relu ? 'relu' : 'identity' });
      continue;
    }
    steps.push(stepFor(l, snapshot));
  }
  return steps;
}

function stepFor(l: Layer, snapshot: boolean): Step {
  const f32 = (a: Float32Array | Float64Array): Float32Array =>
    snapshot ? sharedCopy(a) : a instanceof Float32Array ? a : Float32Array.from(a);
  if (l instanceof Dense && (snapshot || l.dtype === 'float32')) {
    const bias = l.bias ? f32(l.bias.value) : null;
    const w = f32(l.weight.value);
    const linear = { inputs: l.inFeatures, outputs: l.outFeatures, weight: w, weightOutIn: true, panel: 0, bias };
    return { kind: 'linear', ...linear, activation: 'identity' };
  }
  if (l instanceof BatchNorm && (snapshot || l.dtype === 'float32')) {
    return {
      kind: 'batch-norm',
      features: l.features,
      gamma: f32(l.gamma.value),
      beta: f32(l.beta.value),
      mean: f32(l.runningMean.value),
      variance: f32(l.runningVar.value),
      eps: l.eps,
      relu: l.relu,
    };
  }
  const act = elementwise(l);
  if (act) return { kind: 'activation', ...act };
  if (l instanceof Softmax) return { kind: 'softmax' };
  return { kind: 'layer', layer: snapshot ? cloneLayer(l, 'float32').eval() : l };
}

function elementwise(l: Layer): { activation: ElementwiseActivation; param: number } | undefined {
  if (l instanceof ReLU) return { activation: 'relu', param: 0 };
  if (l instanceof Sigmoid) return { activation: 'sigmoid', param: 0 };
  if (l instanceof Tanh) return { activation: 'tanh', param: 0 };
  if (l instanceof LeakyReLU) return { activation: 'leaky-relu', param: l.slope };
  if (l instanceof ELU) return { activation: 'elu', param: l.alpha };
  return undefined;
}

// A ReLU right after a linear step (or a BatchNorm step) becomes that step's epilogue.
function fuseRelu(prev: Step | undefined): boolean {
  if (prev?.kind === 'linear' && prev.activation === 'identity') prev.activation = 'relu';
  else if (prev?.kind === 'batch-norm' && !prev.relu) prev.relu = true;
  else return false;
  return true;
}

function foldable(prev: Step | undefined, bn: BatchNorm): boolean {
  return prev?.kind === 'linear' && prev.activation === 'identity' && prev.outputs === bn.features;
}
