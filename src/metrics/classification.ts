// Classification metrics from class labels y [N] (0..C−1) and predicted probabilities p [N, C] (rows sum to 1):
//   accuracy    share of rows whose most probable class is y
//   log loss    −mean log p[i, y_i], with p clipped to [1e-15, 1] (scikit-learn's log_loss)
//   confusion   C×C counts, row = true class, column = predicted class
//   precision_c = TP / (TP + FP), recall_c = TP / (TP + FN), F1_c = 2PR / (P + R) (0 when undefined)
//   ROC AUC     binary only: the probability that a random positive scores above a random negative (ties count
//               ½), from the positive class's probability, by the rank-sum (Mann–Whitney U) formula

export interface ClassReport {
  accuracy: number;
  logLoss: number;
  /** confusion[t][p]: rows of true class t predicted as p. */
  confusion: number[][];
  perClass: { precision: number; recall: number; f1: number; support: number }[];
  /** Binary tasks: area under the ROC curve of class 1's probability. */
  rocAuc?: number;
}

export function classificationReport(y: ArrayLike<number>, probs: ArrayLike<number>, classes: number): ClassReport {
  const n = y.length;
  if (n === 0 || probs.length !== n * classes)
    throw new RangeError(`classificationReport: ${n} labels need ${n}×${classes} probabilities, got ${probs.length}`);
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let logLoss = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probs[i * classes + c] > probs[i * classes + best]) best = c;
    confusion[y[i]][best]++;
    logLoss -= Math.log(Math.min(1, Math.max(1e-15, probs[i * classes + y[i]])));
  }
  const perClass = confusion.map((row, c) => {
    const tp = row[c];
    const support = row.reduce((a, v) => a + v, 0);
    const predicted = confusion.reduce((a, r) => a + r[c], 0);
    const precision = predicted > 0 ? tp / predicted : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { precision, recall, f1, support };
  });
  const correct = confusion.reduce((a, row, c) => a + row[c], 0);
  const report: ClassReport = { accuracy: correct / n, logLoss: logLoss / n, confusion, perClass };
  if (classes === 2)
    report.rocAuc = rocAuc(
      y,
      Array.from({ length: n }, (_, i) => probs[i * 2 + 1]),
    );
  return report;
}

/** Area under the ROC curve for binary labels (1 = positive) and scores; NaN when one class is absent. */
export function rocAuc(y: ArrayLike<number>, score: ArrayLike<number>): number {
  const order = Array.from({ length: y.length }, (_, i) => i).sort((a, b) => score[a] - score[b]);
  let pos = 0,
    rankSum = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && score[order[j + 1]] === score[order[i]]) j++;
    const rank = (i + j) / 2 + 1; // tied scores share their mean rank
    for (let k = i; k <= j; k++)
      if (y[order[k]] === 1) {
        pos++;
        rankSum += rank;
      }
    i = j + 1;
  }
  const neg = y.length - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}
