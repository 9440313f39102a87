// An optimizer as plain data (type, lr and its hyperparameters), so it can cross into a worker thread or into a
// checkpoint and be rebuilt: { type: 'SGD', lr: 0.1, momentum: 0.9, nesterov: false, weightDecay: 0.0005 }.
// Hyperparameters are the optimizer's own public number/boolean fields; the constructor takes them by name.
import * as optim from '../optim';
import type { Optimizer } from '../optim/optimizer';

export interface OptimizerSpec {
  type: string;
  lr: number;
  [hyper: string]: string | number | boolean;
}

export function optimizerSpec(o: Optimizer): OptimizerSpec {
  const spec: OptimizerSpec = { type: o.type, lr: o.lr };
  for (const [k, v] of Object.entries(o)) {
    if (k !== 'type' && !k.endsWith('_') && (typeof v === 'number' || typeof v === 'boolean')) spec[k] = v;
  }
  return spec;
}

export function optimizerFromSpec(spec: OptimizerSpec): Optimizer {
  const { type, ...opts } = spec ?? {};
  const ctor = (optim as unknown as Record<string, new (o: unknown) => Optimizer>)[String(type)];
  if (typeof ctor !== 'function' || ctor === (optim.Optimizer as unknown)) {
    throw new Error(`optimizer type ${JSON.stringify(type)} is not one nnkit knows (from 'nnkit' optim)`);
  }
  return new ctor(opts);
}
