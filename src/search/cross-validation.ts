// k-fold cross-validation of one trial: k fits, fold f trains on the other k−1 folds and validates on fold f
// (each row validated exactly once); the trial's score is the mean validation accuracy (1/k)·Σ_f acc_f.
// A fold that aborts (loss > 3× initial, NaN) aborts the trial: its configuration is not worth k−1 more fits.
import { kFold, type Fold } from '../data/split';

export interface FoldOutcome {
  status: 'ok' | 'aborted';
  valAccuracy: number | null;
  epochs: number;
  reason?: string;
}

export interface CrossValidation {
  status: 'ok' | 'aborted';
  /** Mean over folds; null when aborted. */
  valAccuracy: number | null;
  /** Per-fold accuracies of the folds run. */
  folds: number[];
  /** Epochs over all folds run. */
  epochs: number;
  reason?: string;
}

/** Runs `fitFold` on the k folds of n rows (split seeded by `seed`), one after another. */
export async function crossValidate(
  n: number,
  k: number,
  seed: number,
  fitFold: (fold: Fold, index: number) => Promise<FoldOutcome>,
): Promise<CrossValidation> {
  const folds = kFold(n, k, seed);
  const accs: number[] = [];
  let epochs = 0;
  for (let f = 0; f < folds.length; f++) {
    const out = await fitFold(folds[f], f);
    epochs += out.epochs;
    if (out.status !== 'ok' || out.valAccuracy === null) {
      return {
        status: 'aborted',
        valAccuracy: null,
        folds: accs,
        epochs,
        reason: `fold ${f + 1}/${k}: ${out.reason ?? 'aborted'}`,
      };
    }
    accs.push(out.valAccuracy);
  }
  return { status: 'ok', valAccuracy: accs.reduce((a, b) => a + b, 0) / accs.length, folds: accs, epochs };
}
