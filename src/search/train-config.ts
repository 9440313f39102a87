// A search configuration as a training recipe (src/recipes/mlp.ts): the hyperparameter names a space may use, their
// defaults (the recipe's, those of `nnkit train`), and the model and optimizer they build, so that the `nnkit train`
// command a search prints trains the same network from the same seed.
//   hidden, depth    layers = depth × [hidden]       (or layers: "512,256")
//   activation, bn, init, dropout                    per hidden layer: Dense → [BatchNorm] → activation → [Dropout]
//   optimizer, lr, momentum, weightDecay (alias reg), batchSize, schedule
//   model            a CNN instead of the MLP: "cnn" or an architecture string of src/recipes/cnn.ts (as
//                    `nnkit train --model`); the MLP keys above are then refused
import { initFromName } from '../init';
import { OPTIMIZER_NAMES } from '../optim/from-name';
import type { Optimizer } from '../optim/optimizer';
import type { ScheduleName } from '../optim/schedules';
import {
  ACTIVATION_NAMES,
  buildOptimizer as recipeOptimizer,
  DEFAULT_MLP_SETTINGS,
  isActivationName,
  mlpDefaults,
  type MlpSettings,
} from '../recipes/mlp';
import { tabularMlpSettings } from '../tabular/recipe';
import type { Config } from './spaces';

/** The MLP recipe's settings, or with `model` a CNN (its architecture string) and the optimizer settings. */
export type TrainSettings = MlpSettings & { model?: string };

const MLP_ONLY = ['hidden', 'depth', 'layers', 'activation', 'bn', 'init', 'dropout'];

/** The recipe's defaults on digits; on larger data layers 512,256 and batches of 128 (mlpDefaults). */
export const DEFAULT_SETTINGS: Readonly<TrainSettings> = DEFAULT_MLP_SETTINGS;

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
  'model',
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
  const d = data === 'table' ? tabularMlpSettings() : mlpDefaults(data);
  const model = cnnModel(config);
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
  if (!isActivationName(activation))
    throw new Error(`config.activation must be one of ${ACTIVATION_NAMES.join(', ')}, got '${activation}'`);
  const optimizer = String(config.optimizer ?? d.optimizer) as TrainSettings['optimizer'];
  if (!OPTIMIZER_NAMES.includes(optimizer))
    throw new Error(`config.optimizer must be one of ${OPTIMIZER_NAMES.join(', ')}, got '${optimizer}'`);
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
    // a name from a search space (JSON): fit checks it at run time and names the valid ones
    schedule: String(config.schedule ?? d.schedule) as ScheduleName,
    ...(model !== undefined ? { model } : {}),
  };
}

/** config.model (a CNN's architecture string, checked when the trial builds it on the data's image shape), or
 *  undefined for the MLP. */
function cnnModel(config: Config): string | undefined {
  const v = config.model;
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.trim() === '')
    throw new RangeError(
      `config.model must be "cnn" or an architecture string like "conv32-pool,fc128", got ${JSON.stringify(v)}`,
    );
  const mlpKeys = MLP_ONLY.filter((k) => config[k] !== undefined);
  if (mlpKeys.length > 0)
    throw new Error(
      `config: ${mlpKeys.join(', ')} ${mlpKeys.length > 1 ? 'are' : 'is'} for the MLP; the CNN of config.model is described by its string`,
    );
  return v;
}

/** The optimizer of the printed `nnkit train` command: momentum for SGD only (the command gives it for SGD only). */
export function buildOptimizer(s: TrainSettings): Optimizer {
  return recipeOptimizer(s.optimizer, {
    lr: s.lr,
    weightDecay: s.weightDecay,
    ...(s.optimizer === 'sgd' ? { momentum: s.momentum } : {}),
  });
}
