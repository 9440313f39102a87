// From raw outputs to what users ask for: probabilities (softmax over a row of logits, or a sigmoid of one logit)
// and classes (argmax, or p ≥ 0.5 for one logit). Which applies follows from the loss the model was trained with
// (model.trainingInfo.loss, recorded by fit and saved with the model); without it, a row of ≥ 2 outputs is taken as
// logits, one output is refused (it could be a regression value).
//   softmax:  p_ic = exp(z_ic − max_c z_i) / Σ_c' exp(z_ic' − max_c z_i)      sigmoid: p_i = 1 / (1 + exp(−z_i))
import { Tensor } from './tensor';

export type OutputKind = 'softmax' | 'sigmoid' | 'regression';

const BY_LOSS: Record<string, OutputKind> = {
  'softmax-cross-entropy': 'softmax',
  'binary-cross-entropy': 'sigmoid',
  'mean-squared-error': 'regression',
};

/** How to read the model's outputs of width `width`, for `what` ('predictProba', 'predictClasses'). */
export function outputKind(
  trainingInfo: Record<string, unknown> | undefined,
  width: number,
  what: string,
): 'softmax' | 'sigmoid' {
  const loss = trainingInfo?.loss;
  const kind = typeof loss === 'string' ? BY_LOSS[loss] : width >= 2 ? 'softmax' : undefined;
  if (kind === undefined)
    throw new Error(
      `${what}: the model has one output and no recorded loss, so it is unknown whether it is a logit (binary ` +
        'classification) or a value (regression); fit it first, or use predictRaw',
    );
  if (kind === 'regression')
    throw new Error(`${what}: the model was trained for regression (loss ${String(loss)}); use predictRaw`);
  return kind;
}

/** Probabilities [N, C] from logits [N, C] (softmax) or [N, 1] (sigmoid: P(class 1)). */
export function probabilities(logits: Tensor, kind: 'softmax' | 'sigmoid'): Tensor {
  const out = new Float32Array(logits.size),
    z = logits.data,
    c = logits.cols;
  if (kind === 'sigmoid') {
    for (let i = 0; i < z.length; i++) out[i] = 1 / (1 + Math.exp(-z[i]));
    return new Tensor(out, logits.shape);
  }
  for (let i = 0; i < logits.rows; i++) {
    let max = -Infinity,
      sum = 0;
    for (let j = 0; j < c; j++) max = Math.max(max, z[i * c + j]);
    for (let j = 0; j < c; j++) sum += Math.exp(z[i * c + j] - max);
    for (let j = 0; j < c; j++) out[i * c + j] = Math.exp(z[i * c + j] - max) / sum;
  }
  return new Tensor(out, logits.shape);
}

/** Class index per row: argmax of the logits (first on ties), or logit > 0 (p > 0.5) for one sigmoid output. */
export function classes(logits: Tensor, kind: 'softmax' | 'sigmoid'): Int32Array {
  const out = new Int32Array(logits.rows),
    z = logits.data,
    c = logits.cols;
  for (let i = 0; i < logits.rows; i++) {
    if (kind === 'sigmoid') {
      out[i] = z[i] > 0 ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let j = 1; j < c; j++) if (z[i * c + j] > z[i * c + best]) best = j;
    out[i] = best;
  }
  return out;
}
