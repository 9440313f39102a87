// BatchNorm (eval mode) folded into the Dense before it, in float64, rounded once to float32:
//   BN(x·Wᵀ + b) = s ⊙ (x·Wᵀ + b − μ) + β = x·(s ⊙ W)ᵀ + (s ⊙ (b − μ) + β),   s = γ/√(σ² + ε)
//   W [out, in] (row c scaled by s_c), b, γ, β, μ (running mean), σ² (running variance) [out]
// The results are new arrays in SharedArrayBuffers (shared.ts), like every array of a frozen plan.
import type { Preprocessor } from '../data/preprocess';
import type { BatchNorm } from '../nn/batch-norm';
import { Tensor } from '../tensor';
import { sharedCopy } from './shared';

export function foldBatchNorm(
  weight: Float32Array,
  bias: Float32Array | null,
  bn: BatchNorm,
): { weight: Float32Array; bias: Float32Array } {
  const out = bn.features,
    inputs = weight.length / out;
  const g = bn.gamma.value,
    be = bn.beta.value,
    mu = bn.runningMean.value,
    v = bn.runningVar.value;
  const w = sharedCopy(weight),
    b = sharedCopy(new Float32Array(out));
  for (let c = 0; c < out; c++) {
    const s = g[c] / Math.sqrt(v[c] + bn.eps);
    for (let p = c * inputs; p < (c + 1) * inputs; p++) w[p] = s * w[p];
    b[c] = s * ((bias ? bias[c] : 0) - mu[c]) + be[c];
  }
  return { weight: w, bias: b };
}

// Standardization (or centering) folded into the first Dense: it is affine per feature, s(x)_p = a_p·x_p + o_p, so
//   s(x)·Wᵀ + b = x·(W ⊙ a)ᵀ + (b + W·o),   o = s(0), a = s(1) − o   (read off the fitted preprocessor)
// which saves the frozen model a pass (and an allocation) over every input. Other preprocessing stays a step.
export function foldStandardize(
  weight: Float32Array,
  bias: Float32Array | null,
  inputs: number,
  pre: Preprocessor,
): { weight: Float32Array; bias: Float32Array } | undefined {
  if (pre.kind !== 'standardize') return undefined;
  const o = pre.transform(new Tensor(new Float32Array(inputs), [1, inputs])).data;
  const one = pre.transform(new Tensor(new Float32Array(inputs).fill(1), [1, inputs])).data;
  if (o.length !== inputs) return undefined;
  const out = weight.length / inputs;
  const w = sharedCopy(weight),
    b = sharedCopy(new Float32Array(out));
  for (let c = 0; c < out; c++) {
    let shift = bias ? bias[c] : 0;
    for (let p = 0; p < inputs; p++) {
      shift += weight[c * inputs + p] * o[p];
      w[c * inputs + p] = weight[c * inputs + p] * (one[p] - o[p]);
    }
    b[c] = shift;
  }
  return { weight: w, bias: b };
}

/** out [cols, rows] = wᵀ of w [rows, cols]; returns out. */
export function transposeInto(w: Float32Array, rows: number, cols: number, out: Float32Array): Float32Array {
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = w[r * cols + c];
  return out;
}
