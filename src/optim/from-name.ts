// Optimizers from the names users type ('sgd', 'adam', 'rmsprop') and from config() (checkpoints).
import { Adam } from './adam';
import type { AdamOptions } from './adam';
import type { Optimizer, OptimizerConfig } from './optimizer';
import { RMSProp } from './rmsprop';
import type { RMSPropOptions } from './rmsprop';
import { SGD } from './sgd';
import type { SGDOptions } from './sgd';

export const OPTIMIZER_NAMES = ['sgd', 'adam', 'rmsprop'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/** A new optimizer for a name (case-insensitive) and its options; a wrong name lists the valid ones. */
export function optimizerFromName(
  name: string,
  opts: Partial<SGDOptions> & AdamOptions & RMSPropOptions = {},
): Optimizer {
  switch (String(name).toLowerCase()) {
    case 'sgd':
      return new SGD({ ...opts, lr: opts.lr ?? 0.01 });
    case 'adam':
      return new Adam(opts);
    case 'rmsprop':
      return new RMSProp(opts);
    default:
      throw new Error(`unknown optimizer ${JSON.stringify(name)}; valid: ${OPTIMIZER_NAMES.join(', ')}`);
  }
}

/** Rebuilds an optimizer from its config() (its per-parameter state comes back with loadState). */
export function optimizerFromConfig(config: OptimizerConfig): Optimizer {
  const { type, ...opts } = config ?? ({} as OptimizerConfig);
  return optimizerFromName(String(type), opts as never);
}
