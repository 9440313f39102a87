// BatchNorm (eval mode) folded into the Dense before it, in float64, rounded once to float32:
//   BN(x·Wᵀ + b) = s ⊙ (x·Wᵀ + b − μ) + β = x·(s ⊙ W)ᵀ + (s ⊙ (b − μ) + β),   s = γ/√(σ² + ε)
//   W [out, in] (row c scaled by s_c), b, γ, β, μ (running mean), σ² (running variance) [out]
// The results are new arrays in SharedArrayBuffers (shared.ts), like every array of a frozen plan.
import type { BatchNorm } from '../nn/batch-norm';
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

/** out [⌈rows/P⌉, cols, P] = wᵀ of w [rows, cols] in full-K panels of P columns (panel i: rows i·P … of w as the
 *  columns of a [cols, P] block; the padding past `rows` stays zero); returns out. */
export function panelsInto(w: Float32Array, rows: number, cols: number, P: number, out: Float32Array): Float32Array {
  for (let r = 0; r < rows; r++) {
    const base = Math.floor(r / P) * cols * P + (r % P);
    for (let c = 0; c < cols; c++) out[base + c * P] = w[r * cols + c];
  }
  return out;
}

/** out [cols, rows] = wᵀ of w [rows, cols]; returns out. */
export function transposeInto(w: Float32Array, rows: number, cols: number, out: Float32Array): Float32Array {
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = w[r * cols + c];
  return out;
}
