// The MLP recipe shared by `nnkit train`, `nnkit check` and the search: its activation names, its defaults per
// dataset, and the network and optimizer it builds. One recipe, so that a search configuration, the `nnkit train`
// command it prints and `nnkit check` on the same flags describe the same network from the same seed.
//   per hidden size h: Dense(in, h) → [BatchNorm(h)] → activation → [Dropout(p)]; then Dense(last, outputs), Xavier.
//   BatchNorm followed by ReLU is the one fused layer BatchNorm(h, { relu: true }). A Dense followed by BatchNorm has
//   no bias: the BatchNorm subtracts the batch mean, so a bias would cancel (β takes its place), as in the CNN recipe.
//   With maxout, Maxout(in, h, 2) takes the place of Dense + activation.
import type { InitName } from '../init';
import { Model } from '../model';
import { ELU } from '../nn/activations/elu';
import { LeakyReLU } from '../nn/activations/leaky-relu';
import { PReLU } from '../nn/activations/prelu';
import { ReLU } from '../nn/activations/relu';
import { Sigmoid } from '../nn/activations/sigmoid';
import { Tanh } from '../nn/activations/tanh';
import { BatchNorm } from '../nn/batch-norm';
import { Dense } from '../nn/dense';
import { Dropout } from '../nn/dropout';
import type { Layer } from '../nn/layer';
import { Maxout } from '../nn/maxout';
import { optimizerFromName, type OptimizerName } from '../optim/from-name';
import type { Optimizer } from '../optim/optimizer';
import type { ScheduleName } from '../optim/schedules';
import { checkMlpSize } from './mlp-size';

export const ACTIVATION_NAMES = ['relu', 'sigmoid', 'tanh', 'leaky-relu', 'prelu', 'elu', 'maxout'] as const;
export type ActivationName = (typeof ACTIVATION_NAMES)[number];

export function isActivationName(name: string): name is ActivationName {
  return (ACTIVATION_NAMES as readonly string[]).includes(name);
}

/** Everything the recipe needs besides the data, the epochs and the seed. */
export interface MlpSettings {
  layers: number[];
  activation: string;
  bn: boolean;
  init: string;
  dropout: number;
  optimizer: OptimizerName;
  lr: number;
  momentum: number;
  weightDecay: number;
  batchSize: number;
  schedule: ScheduleName;
}

/** The defaults on the embedded digits. */
export const DEFAULT_MLP_SETTINGS: Readonly<MlpSettings> = Object.freeze({
  layers: [256, 128],
  activation: 'relu',
  bn: true,
  init: 'he',
  dropout: 0,
  optimizer: 'sgd',
  lr: 0.1,
  momentum: 0.9,
  weightDecay: 5e-4,
  batchSize: 32,
  schedule: 'cosine',
});

/** Whether a dataset name (digits, fashion-mnist, a CSV path) gets the small defaults of the embedded digits. */
const isSmall = (data: string) => data === 'digits';

/** The defaults for a dataset: digits as above; larger data layers 512,256 and batches of 128. */
export function mlpDefaults(data: string): MlpSettings {
  const d = { ...DEFAULT_MLP_SETTINGS, layers: [...DEFAULT_MLP_SETTINGS.layers] };
  return isSmall(data) ? d : { ...d, layers: [512, 256], batchSize: 128 };
}

/** Epochs of `nnkit train` when not given: 20 on digits, 10 otherwise. */
export function defaultEpochs(data: string): number {
  return isSmall(data) ? 20 : 10;
}

/** The learning rate when not given: 0.1 for SGD, 0.001 for Adam and RMSProp. */
export function defaultLr(optimizer: OptimizerName): number {
  return optimizer === 'sgd' ? 0.1 : 0.001;
}

export interface LayerOptions {
  activation: ActivationName;
  bn: boolean;
  init: string;
  dropout: number;
  seed: number;
}

/** The layers of the recipe; hidden layer i is seeded seed·1000 + i (its Dropout + 500), the output seed·1000 + 999. */
export function buildLayers(inputs: number, hidden: readonly number[], outputs: number, o: LayerOptions): Layer[] {
  checkMlpSize(inputs, hidden, outputs, o.activation === 'maxout', o.bn);
  const layers: Layer[] = [];
  let width = inputs;
  hidden.forEach((h, i) => {
    const seed = o.seed * 1000 + i;
    const init = o.init as InitName;
    if (o.activation === 'maxout') {
      layers.push(new Maxout(width, h, 2, { init, seed }));
      if (o.bn) layers.push(new BatchNorm(h));
    } else {
      layers.push(new Dense(width, h, { init, seed, bias: !o.bn }));
      // BatchNorm + ReLU run as one fused layer (one pass over the activations less each way, same values).
      const fuseRelu = o.bn && o.activation === 'relu';
      if (o.bn) layers.push(new BatchNorm(h, fuseRelu ? { relu: true } : {}));
      if (!fuseRelu) layers.push(activationLayer(o.activation));
    }
    if (o.dropout > 0) layers.push(new Dropout(o.dropout, { seed: seed + 500 }));
    width = h;
  });
  layers.push(new Dense(width, outputs, { init: 'xavier', seed: o.seed * 1000 + 999 }));
  return layers;
}

function activationLayer(name: Exclude<ActivationName, 'maxout'>): Layer {
  switch (name) {
    case 'relu':
      return new ReLU();
    case 'sigmoid':
      return new Sigmoid();
    case 'tanh':
      return new Tanh();
    case 'leaky-relu':
      return new LeakyReLU();
    case 'prelu':
      return new PReLU();
    case 'elu':
      return new ELU();
  }
}

/** The recipe's model: inputs → hidden layers → `outputs` logits. */
export function buildMlp(s: MlpSettings, inputs: number, outputs: number, seed: number): Model {
  if (!isActivationName(s.activation))
    throw new RangeError(`activation must be one of ${ACTIVATION_NAMES.join(', ')}, got '${s.activation}'`);
  return new Model(
    buildLayers(inputs, s.layers, outputs, {
      activation: s.activation,
      bn: s.bn,
      init: s.init,
      dropout: s.dropout,
      seed,
    }),
  );
}

export interface OptimizerSettings {
  lr: number;
  weightDecay: number;
  /** SGD: default 0.9; RMSProp: none unless given; Adam: ignored. */
  momentum?: number;
}

/** The recipe's optimizer. */
export function buildOptimizer(name: OptimizerName, o: OptimizerSettings): Optimizer {
  const momentum = name === 'sgd' ? (o.momentum ?? 0.9) : name === 'rmsprop' ? o.momentum : undefined;
  return optimizerFromName(name, {
    lr: o.lr,
    weightDecay: o.weightDecay,
    ...(momentum !== undefined ? { momentum } : {}),
  });
}
