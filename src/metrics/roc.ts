// The ROC curve of binary labels (1 = positive) and scores: one point per distinct score threshold, from (0, 0)
// (nothing predicted positive) to (1, 1) (everything), x = false-positive rate FP/N, y = true-positive rate TP/P.
// Rows with tied scores move together (a diagonal step), so the trapezoid area under the points is the ROC AUC
// (metrics/classification's rocAuc, ties counted as half). Any monotone transform of the scores (a logit or its
// sigmoid) gives the same curve. Empty when one class is absent.
export function rocCurve(y: ArrayLike<number>, score: ArrayLike<number>): [number, number][] {
  const order = Array.from({ length: y.length }, (_, i) => i).sort((a, b) => score[b] - score[a]);
  let pos = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === 1) pos++;
  const neg = y.length - pos;
  if (pos === 0 || neg === 0) return [];
  const points: [number, number][] = [[0, 0]];
  let tp = 0,
    fp = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    for (; j < order.length && score[order[j]] === score[order[i]]; j++) {
      if (y[order[j]] === 1) tp++;
      else fp++;
    }
    points.push([fp / neg, tp / pos]);
    i = j;
  }
  return points;
}
