// The model's saved preprocessing folded into the first Dense of a frozen model. Every kind is affine, p(x) = A·x + o,
// so the Dense after it is one affine map of the raw row:
//   W·p(x) + b = (W·A)·x + (b + W·o)
//   standardize / center (per feature): A = diag(a), a = p(1) − p(0), o = p(0)   (read off the fitted preprocessor)
//   PCA: p(x) = D·C·(x − μ), C [k, d] the components, D = diag(1/√(λ + eps)) when whitening, else I:
//        A = D·C, o = −D·C·μ                                                      (W [out, k] becomes [out, d])
//   pipeline: its steps folded last to first
// in float64, rounded once to float32. The frozen model then reads raw rows: no preprocessing pass (and allocation)
// per prediction, and for PCA a smaller first product when d·out < (d + out)·k.
import { preprocessorFromJSON, type Preprocessor, type PreprocessorJSON } from '../data/preprocess';
import { Tensor } from '../tensor';
import { sharedCopy } from './shared';

interface Affine {
  w: Float64Array; // [out, inputs]
  b: Float64Array; // [out]
  inputs: number;
}

/** The Dense weight [out, inputs] and bias with `pre` folded in (its input width: the raw rows'), or undefined when
 *  the preprocessing's output width is not the Dense's input width. */
export function foldPreprocessing(
  weight: Float32Array,
  bias: Float32Array | null,
  inputs: number,
  pre: Preprocessor,
): { weight: Float32Array; bias: Float32Array; inputs: number } | undefined {
  const out = weight.length / inputs;
  let f: Affine | undefined = {
    w: Float64Array.from(weight),
    b: bias ? Float64Array.from(bias) : new Float64Array(out),
    inputs,
  };
  const steps = flatten(pre.toJSON());
  for (let i = steps.length - 1; i >= 0 && f; i--) f = foldStep(f, out, steps[i]);
  return f && { weight: sharedCopy(f.w), bias: sharedCopy(f.b), inputs: f.inputs };
}

function flatten(j: PreprocessorJSON): PreprocessorJSON[] {
  return j.kind === 'pipeline' ? j.steps.flatMap(flatten) : [j];
}

function foldStep(f: Affine, out: number, j: PreprocessorJSON): Affine | undefined {
  if (j.kind === 'pca') return foldPca(f, out, j);
  if (j.kind === 'standardize') return foldPerFeature(f, out, preprocessorFromJSON(j));
  return undefined;
}

// A = diag(a), o: b += W·o, W[:, p] ·= a_p.
function foldPerFeature(f: Affine, out: number, pre: Preprocessor): Affine | undefined {
  const n = f.inputs;
  const o = pre.transform(new Tensor(new Float32Array(n), [1, n])).data;
  const one = pre.transform(new Tensor(new Float32Array(n).fill(1), [1, n])).data;
  if (o.length !== n) return undefined;
  for (let c = 0; c < out; c++)
    for (let p = 0; p < n; p++) {
      f.b[c] += f.w[c * n + p] * o[p];
      f.w[c * n + p] *= one[p] - o[p];
    }
  return f;
}

// W′ = W·D·C [out, d], b′ = b − W′·μ.
function foldPca(f: Affine, out: number, j: Extract<PreprocessorJSON, { kind: 'pca' }>): Affine | undefined {
  const { k, dims: d, components: comp, mean } = j;
  if (f.inputs !== k) return undefined;
  const w = new Float64Array(out * d);
  for (let c = 0; c < out; c++)
    for (let q = 0; q < k; q++) {
      const s = f.w[c * k + q] / (j.whiten ? Math.sqrt(j.eigenvalues[q] + j.eps) : 1);
      for (let p = 0; p < d; p++) w[c * d + p] += s * comp[q * d + p];
    }
  for (let c = 0; c < out; c++) for (let p = 0; p < d; p++) f.b[c] -= w[c * d + p] * mean[p];
  return { w, b: f.b, inputs: d };
}
