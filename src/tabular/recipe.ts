// The default network and training settings for a table (chosen by measurement against scikit-learn's default
// MLPClassifier/MLPRegressor on the tables of bench/tabular.js; see bench/RESULTS.md):
//   MLP inputs → 100 → outputs, Dense + ReLU (He init), output Dense (Xavier): one logit for
//   sigmoid cross-entropy (two classes), C logits for softmax cross-entropy (C > 2 classes), or one value for mean
//   squared error on the standardized target (regression)
//   Adam lr 1e-3, L2 weight decay 1e-4, batch 32, up to 200 epochs, early stopping on the validation loss
//   (patience 20, best weights restored), 10 % of the training rows held out for it.
// Measured (5 seeds, test R² / accuracy): on diabetes [128, 64] + BatchNorm reached R² 0.39, [64] + BN 0.44,
// [100] without BN 0.45 (scikit-learn 0.43); [100] without BN was also best or tied on the three classification
// tables. Small tables overfit a wide BatchNorm net within a few epochs. Categorical columns with more than 64
// values are embedded (fastai's rule for the sizes) instead of one-hot.
import { Adam } from '../optim/adam';
import { BatchNorm } from '../nn/batch-norm';
import { Dense } from '../nn/dense';
import type { Layer } from '../nn/layer';
import { ReLU } from '../nn/activations/relu';
import { CategoryEmbedding } from '../nn/category-embedding';
import { DEFAULT_MLP_SETTINGS, type MlpSettings } from '../recipes/mlp';

export const TABULAR_DEFAULTS = {
  layers: [100],
  batchNorm: false,
  lr: 1e-3,
  weightDecay: 1e-4,
  batchSize: 32,
  epochs: 200,
  patience: 20,
  valSplit: 0.1,
};

/** The MLP; with `cardinalities` (categorical columns with many values, the last K of the inputs) a
 *  CategoryEmbedding first, of fastai's size rule d = min(600, round(1.6 · n^0.56)) per column. */
export function tabularLayers(
  inputs: number,
  outputs: number,
  hidden: number[],
  batchNorm: boolean,
  seed: number,
  cardinalities: number[] = [],
): Layer[] {
  const layers: Layer[] = [];
  let width = inputs;
  const embedding = categoryEmbedding(inputs, cardinalities, seed);
  if (embedding) {
    layers.push(embedding);
    width = embedding.outFeatures;
  }
  hidden.forEach((h, i) => {
    layers.push(new Dense(width, h, { init: 'he', seed: seed * 1000 + i }));
    if (batchNorm) layers.push(new BatchNorm(h));
    layers.push(new ReLU());
    width = h;
  });
  layers.push(new Dense(width, outputs, { init: 'xavier', seed: seed * 1000 + 999 }));
  return layers;
}

/** The CategoryEmbedding for the last K = cardinalities.length inputs (none when K = 0), fastai's size rule. */
export function categoryEmbedding(
  inputs: number,
  cardinalities: number[],
  seed: number,
): CategoryEmbedding | undefined {
  if (cardinalities.length === 0) return undefined;
  const dims = cardinalities.map((n) => Math.min(600, Math.round(1.6 * n ** 0.56)));
  return new CategoryEmbedding(inputs - cardinalities.length, cardinalities, dims, { seed: seed * 1000 + 998 });
}

/** TABULAR_DEFAULTS as the settings of the search's MLP recipe (a table search starts from the table defaults). */
export function tabularMlpSettings(): MlpSettings {
  return {
    ...DEFAULT_MLP_SETTINGS,
    layers: [...TABULAR_DEFAULTS.layers],
    bn: TABULAR_DEFAULTS.batchNorm,
    optimizer: 'adam',
    lr: TABULAR_DEFAULTS.lr,
    weightDecay: TABULAR_DEFAULTS.weightDecay,
    batchSize: TABULAR_DEFAULTS.batchSize,
    schedule: 'constant',
  };
}

export function tabularOptimizer(lr: number, weightDecay: number): Adam {
  return new Adam({ lr, weightDecay });
}
