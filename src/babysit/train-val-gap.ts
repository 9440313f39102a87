// The train/validation gap (lecture figure: train vs validation accuracy):
//   large gap (train − val accuracy > 0.1 by default)          → overfitting: more regularization, more data
//   no gap (< 0.03) with low train accuracy (< 0.85 by default) → underfitting: more capacity
// Judge it at the end of a run: early in a healthy run accuracy is low and the gap small.
import { finding, pct, type Finding } from './findings';

export interface GapInput {
  trainAccuracy: number;
  validationAccuracy: number;
  trainLoss?: number;
  validationLoss?: number;
}

export interface GapThresholds {
  /** Accuracy gap above which the model overfits (default 0.1). */
  overfitGap?: number;
  /** Accuracy gap below which there is "no gap" (default 0.03). */
  noGap?: number;
  /** Train accuracy below which a run with no gap underfits (default 0.85). */
  lowAccuracy?: number;
}

export function trainValGapFinding(m: GapInput, t: GapThresholds = {}): Finding | null {
  const overfitGap = t.overfitGap ?? 0.1,
    noGap = t.noGap ?? 0.03,
    lowAccuracy = t.lowAccuracy ?? 0.85;
  const gap = m.trainAccuracy - m.validationAccuracy;
  const values = {
    trainAccuracy: m.trainAccuracy,
    validationAccuracy: m.validationAccuracy,
    gap,
    trainLoss: m.trainLoss ?? null,
    validationLoss: m.validationLoss ?? null,
  };
  if (gap > overfitGap) {
    return finding(
      'overfitting',
      'warn',
      `train accuracy ${pct(m.trainAccuracy)} vs validation ${pct(m.validationAccuracy)} (a gap of ` +
        `${pct(gap)}): the model overfits`,
      values,
      'add regularization (weight decay, dropout), get more data, or stop earlier',
    );
  }
  if (Math.abs(gap) < noGap && m.trainAccuracy < lowAccuracy) {
    return finding(
      'underfitting',
      'warn',
      `train accuracy ${pct(m.trainAccuracy)} and validation ${pct(m.validationAccuracy)} are close and low: ` +
        'the model underfits',
      values,
      'give it more capacity (wider or deeper layers), train longer, or reduce regularization',
    );
  }
  return null;
}
