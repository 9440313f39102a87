// The `nnkit train` command line that trains a search configuration on the full training rows (printed by
// `nnkit search` for the winner): every setting spelled out, so the command does not depend on defaults.
import type { MlpSettings } from '../recipes/mlp';

/** A number with 3 significant digits, without trailing zeros. */
const g = (v: number) => Number(v.toPrecision(3)).toString();

export function trainCommandLine(s: MlpSettings, data: string, epochs: number, seed: number): string {
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
