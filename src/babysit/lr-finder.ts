// Learning-rate range test (Smith 2017, "Cyclical Learning Rates", §3.3; the fastai lr_find): train a copy of the
// model for a few hundred minibatch steps while the learning rate grows log-linearly,
//   lr_k = minLr · (maxLr / minLr)^(k / (steps − 1)),   k = 0..steps−1,
// record the loss, smooth it with a bias-corrected exponential moving average (β = 0.9),
//   m_k = β·m_{k−1} + (1 − β)·L_k,   s_k = m_k / (1 − β^(k+1)),
// and stop once s_k > 4·min s (the loss has blown up). The suggested rate is the rate of the lowest smoothed loss
// divided by 10: the minimum sits where the loss is about to diverge, and a rate one decade below it still
// descends quickly (the lecture: "find a learning rate that makes the loss go down").
import type { Dataset } from '../data/dataset';
import { checkDataset } from '../data/dataset';
import { shuffledIndices } from '../data/split';
import type { Loss } from '../losses';
import { Layer } from '../nn/layer';
import { cloneLayer } from '../nn/registry';
import type { Optimizer } from '../optim/optimizer';
import { SGD } from '../optim/sgd';
import { resolveLoss } from '../train/resolve-loss';
import { takeRows, trainStep } from './steps';

export interface LrFinderOptions {
  /** Smallest and largest rate tried (default 1e-6 and 10). */
  minLr?: number;
  maxLr?: number;
  /** Steps of the sweep (default 200). */
  steps?: number;
  /** Rows per step (default 64). */
  batchSize?: number;
  /** A fresh optimizer for a given rate (default SGD with momentum 0.9, as fit's default). */
  optimizer?: (lr: number) => Optimizer;
  loss?: string | Loss;
  seed?: number;
  /** Stop when the smoothed loss exceeds this factor of its minimum (default 4). */
  divergeFactor?: number;
}

export interface LrFinderResult {
  /** The rate of every step taken. */
  lrs: number[];
  /** Raw minibatch loss of every step. */
  losses: number[];
  /** Bias-corrected EMA of the losses. */
  smoothed: number[];
  /** Rate with the lowest smoothed loss. */
  minLossLr: number;
  /** minLossLr / 10. */
  suggested: number;
  /** True when the sweep stopped because the loss diverged. */
  diverged: boolean;
}

export async function findLearningRate(
  model: Layer,
  data: Dataset,
  opts: LrFinderOptions = {},
): Promise<LrFinderResult> {
  if (!(model instanceof Layer)) throw new TypeError('findLearningRate: model must be a Layer (e.g. a Sequential)');
  checkDataset(data, 'findLearningRate: data');
  const { minLr, maxLr, steps, batchSize, factor } = sweepSettings(data, opts);
  const copy = cloneLayer(model, 'float32').train();
  const loss = resolveLoss(opts.loss, data.y instanceof Int32Array, 'findLearningRate');
  const optimizer = (opts.optimizer ?? ((lr: number) => new SGD({ lr, momentum: 0.9 })))(minLr);
  const nextBatch = batchCycler(data, batchSize, opts.seed ?? 0);
  const result: LrFinderResult = {
    lrs: [],
    losses: [],
    smoothed: [],
    minLossLr: minLr,
    suggested: minLr / 10,
    diverged: false,
  };
  const beta = 0.9;
  let avg = 0,
    best = Infinity;
  for (let k = 0; k < steps; k++) {
    const batch = nextBatch();
    const lr = minLr * (maxLr / minLr) ** (k / (steps - 1));
    optimizer.lr = lr;
    const l = trainStep(copy, loss, optimizer, batch.x, batch.y);
    avg = beta * avg + (1 - beta) * l;
    const s = avg / (1 - beta ** (k + 1));
    result.lrs.push(lr);
    result.losses.push(l);
    result.smoothed.push(s);
    if (!Number.isFinite(s) || s > factor * best) {
      result.diverged = true;
      break;
    }
    if (s < best) {
      best = s;
      result.minLossLr = lr;
    }
    if (k % 20 === 19) await new Promise((r) => setImmediate(r)); // keep the event loop answering
  }
  result.suggested = result.minLossLr / 10;
  return result;
}

/** The sweep's range, length and batch size from the options, checked. */
function sweepSettings(data: Dataset, opts: LrFinderOptions) {
  const minLr = opts.minLr ?? 1e-6,
    maxLr = opts.maxLr ?? 10,
    steps = opts.steps ?? 200;
  const batchSize = Math.min(opts.batchSize ?? 64, data.x.rows),
    factor = opts.divergeFactor ?? 4;
  if (!(minLr > 0 && maxLr > minLr && Number.isFinite(maxLr))) {
    throw new RangeError(`findLearningRate: need 0 < minLr < maxLr, got minLr ${minLr}, maxLr ${maxLr}`);
  }
  if (!Number.isInteger(steps) || steps < 2)
    throw new RangeError(`findLearningRate: steps must be a whole number ≥ 2, got ${steps}`);
  if (data.x.rows === 0) throw new RangeError('findLearningRate: data has no rows');
  return { minLr, maxLr, steps, batchSize, factor };
}

/** Batches of `batchSize` rows in a shuffled order, reshuffled (seed + epoch) when a batch would not fit. */
function batchCycler(data: Dataset, batchSize: number, seed: number): () => Dataset {
  let order = shuffledIndices(data.x.rows, seed),
    pos = 0,
    epoch = 0;
  return () => {
    if (pos + batchSize > order.length) {
      order = shuffledIndices(data.x.rows, seed + ++epoch);
      pos = 0;
    }
    const batch = takeRows(data, order.subarray(pos, pos + batchSize));
    pos += batchSize;
    return batch;
  };
}
