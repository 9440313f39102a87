// Classification accuracy: a row is right when its largest output (the first one, on ties) is its label; with one
// output column (a binary logit for sigmoid cross-entropy) the predicted class is 1 when the logit is > 0.
import type { Tensor } from '../tensor';

/** Rows of out [N, C] whose argmax is the label. */
export function countCorrect(out: Tensor, labels: ArrayLike<number>): number {
  const c = out.cols,
    z = out.data;
  let n = 0;
  for (let i = 0; i < out.rows; i++) {
    let best = c === 1 && z[i] > 0 ? 1 : 0;
    for (let j = 1; j < c; j++) if (z[i * c + j] > z[i * c + best]) best = j;
    if (best === labels[i]) n++;
  }
  return n;
}

/** The fraction of rows that are right (0 for no rows). */
export function accuracy(out: Tensor, labels: ArrayLike<number>): number {
  return countCorrect(out, labels) / Math.max(1, out.rows);
}
