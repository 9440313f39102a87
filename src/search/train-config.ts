// A search configuration as a training recipe: the hyperparameter names a space may use, their defaults (those of
// `nnkit train`), the model and optimizer they build (with `nnkit train`'s own layer builder, so the printed command
// trains the same network from the same seed), and that `nnkit train` command line.
//   hidden, depth    layers = depth × [hidden]       (or layers: "512,256")
//   activation, bn, init, dropout                    per hidden layer: Dense → [BatchNorm] → activation → [Dropout]
//   optimizer, lr, momentum, weightDecay (alias reg), batchSize, schedule
import { buildLayers } from '../cli/train';
import { initFromName } from '../init';
import { Model } from '../model';
import { Adam, RMSProp, SGD, type Optimizer } from '../optim';
import type { Config } from './spaces';

export interface TrainSettings {
  layers: number[];
  activation: string;
  bn: boolean;
  init: string;
  dropout: number;
  optimizer: 'sgd' | 'adam' | 'rmsprop';
  lr: number;
  momentum: number;
  weightDecay: number;
  batchSize: number;
  schedule: string;
}

/** `nnkit train`'s defaults on digits; on larger data layers 512,256 and batches of 128 (see defaultSettings). */
export const DEFAULT_SETTINGS: TrainSettings = {
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
};

export function defaultSettings(data: string): TrainSettings {
  return data === 'digits' ? DEFAULT_SETTINGS : { ...DEFAULT_SETTINGS, layers: [512, 256], batchSize: 128 };
}

const ACTIVATIONS = ['relu', 'sigmoid', 'tanh', 'leaky-relu', 'prelu', 'elu', 'maxout'];
const KEYS = [
  'hidden',
  'depth',
  'layers',
  'activation',
  'bn',
  'init',
  'dropout',
  'optimizer',
  'lr',
  'momentum',
  'weightDecay',
  'reg',
  'batchSize',
  'schedule',
];

function num(config: Config, key: string, fallback: number, ok: (v: number) => boolean, expected: string): number {
  const v = config[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !ok(v))
    throw new RangeError(`config.${key} must be ${expected}, got ${JSON.stringify(v)}`);
  return v;
}

/** The settings a configuration stands for on `data` (a DataRef kind); unknown names and bad values are errors
 *  naming the key. */
export function trainSettings(config: Config, data = 'digits'): TrainSettings {
  for (const k of Object.keys(config)) {
    if (!KEYS.includes(k)) throw new Error(`config: unknown hyperparameter '${k}'; valid names: ${KEYS.join(', ')}`);
  }
  const d = defaultSettings(data);
  const whole = (v: number) => Number.isInteger(v) && v >= 1;
  let layers = d.layers;
  if (config.layers !== undefined) {
    layers = String(config.layers).split(',').map(Number);
    if (!layers.every(whole))
      throw new RangeError(`config.layers must be sizes like "512,256", got ${JSON.stringify(config.layers)}`);
  } else if (config.hidden !== undefined || config.depth !== undefined) {
    const hidden = num(config, 'hidden', d.layers[0], whole, 'a whole number ≥ 1');
    layers = new Array(num(config, 'depth', 1, (v) => Number.isInteger(v) && v >= 0, 'a whole number ≥ 0')).fill(
      hidden,
    );
  }
  const activation = String(config.activation ?? d.activation);
  if (!ACTIVATIONS.includes(activation))
    throw new Error(`config.activation must be one of ${ACTIVATIONS.join(', ')}, got '${activation}'`);
  const optimizer = String(config.optimizer ?? d.optimizer) as TrainSettings['optimizer'];
  if (!['sgd', 'adam', 'rmsprop'].includes(optimizer))
    throw new Error(`config.optimizer must be sgd, adam or rmsprop, got '${optimizer}'`);
  const init = String(config.init ?? d.init);
  initFromName(init); // throws with the valid names
  if (config.reg !== undefined && config.weightDecay !== undefined)
    throw new Error('config: give weightDecay or reg (its alias), not both');
  return {
    layers,
    activation,
    optimizer,
    init,
    bn: config.bn === undefined ? d.bn : config.bn === true || config.bn === 'true',
    dropout: num(config, 'dropout', d.dropout, (v) => v >= 0 && v < 1, 'in [0, 1)'),
    lr: num(config, 'lr', d.lr, (v) => v > 0 && Number.isFinite(v), 'a number > 0'),
    momentum: num(config, 'momentum', d.momentum, (v) => v >= 0 && v < 1, 'in [0, 1)'),
    weightDecay: num(
      config,
      config.reg !== undefined ? 'reg' : 'weightDecay',
      d.weightDecay,
      (v) => v >= 0 && Number.isFinite(v),
      'a number ≥ 0',
    ),
    batchSize: Math.round(num(config, 'batchSize', d.batchSize, (v) => v >= 1, 'a number ≥ 1')),
    schedule: String(config.schedule ?? d.schedule),
  };
}

/** inputs → (Dense → [BatchNorm] → activation → [Dropout]) per hidden layer → Dense → classes (logits). */
export function buildModel(s: TrainSettings, inputs: number, classes: number, seed: number): Model {
  return new Model(
    buildLayers(inputs, s.layers, classes, {
      activation: s.activation as never,
      bn: s.bn,
      init: s.init,
      dropout: s.dropout,
      seed,
    }),
  );
}

export function buildOptimizer(s: TrainSettings): Optimizer {
  switch (s.optimizer) {
    case 'adam':
      return new Adam({ lr: s.lr, weightDecay: s.weightDecay });
    case 'rmsprop':
      return new RMSProp({ lr: s.lr, weightDecay: s.weightDecay });
    default:
      return new SGD({ lr: s.lr, momentum: s.momentum, weightDecay: s.weightDecay });
  }
}

const g = (v: number) => Number(v.toPrecision(3)).toString();

/** The `nnkit train` command that trains this configuration on the full training set. */
export function trainCommand(s: TrainSettings, data: string, epochs: number, seed: number): string {
  return [
    'nnkit train',
    `--data ${data}`,
    `--layers ${s.layers.join(',')}`,
    `--activation ${s.activation}`,
    s.bn ? '--bn' : '--no-bn',
    `--init ${s.init}`,
    `--optimizer ${s.optimizer}`,
    `--lr ${g(s.lr)}`,
    ...(s.optimizer === 'sgd' ? [`--momentum ${g(s.momentum)}`] : []),
    `--weight-decay ${g(s.weightDecay)}`,
    ...(s.dropout > 0 ? [`--dropout ${g(s.dropout)}`] : []),
    `--schedule ${s.schedule}`,
    `--epochs ${epochs}`,
    `--batch-size ${s.batchSize}`,
    `--seed ${seed}`,
  ].join(' ');
}
