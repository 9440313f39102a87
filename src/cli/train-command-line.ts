// The `nnkit train` command line that trains a search configuration on the full training rows (printed by
// `nnkit search` for the winner): every setting spelled out, so the command does not depend on defaults.
import type { TrainSettings } from '../search/train-config';

/** A number with 3 significant digits, without trailing zeros. */
const g = (v: number) => Number(v.toPrecision(3)).toString();

export function trainCommandLine(s: TrainSettings, data: string, epochs: number, seed: number): string {
  const network =
    s.model !== undefined
      ? [`--model ${s.model}`]
      : [
          `--layers ${s.layers.join(',')}`,
          `--activation ${s.activation}`,
          s.bn ? '--bn' : '--no-bn',
          `--init ${s.init}`,
        ];
  return [
    'nnkit train',
    `--data ${data}`,
    ...network,
    `--optimizer ${s.optimizer}`,
    `--lr ${g(s.lr)}`,
    ...(s.optimizer === 'sgd' ? [`--momentum ${g(s.momentum)}`] : []),
    `--weight-decay ${g(s.weightDecay)}`,
    ...(s.dropout > 0 && s.model === undefined ? [`--dropout ${g(s.dropout)}`] : []),
    `--schedule ${s.schedule}`,
    `--epochs ${epochs}`,
    `--batch-size ${s.batchSize}`,
    `--seed ${seed}`,
  ].join(' ');
}

/** The same for a table file (`nnkit train --data <table>`, src/tabular): the flags the table recipe takes. */
export function tableTrainCommandLine(
  s: TrainSettings,
  data: string,
  label: string | undefined,
  epochs: number,
  seed: number,
): string {
  return [
    'nnkit train',
    `--data ${data}`,
    ...(label !== undefined ? [`--label ${label}`] : []),
    `--layers ${s.layers.join(',')}`,
    s.bn ? '--bn' : '--no-bn',
    `--optimizer ${s.optimizer}`,
    `--lr ${g(s.lr)}`,
    ...(s.optimizer === 'sgd' ? [`--momentum ${g(s.momentum)}`] : []),
    `--weight-decay ${g(s.weightDecay)}`,
    `--epochs ${epochs}`,
    `--batch-size ${s.batchSize}`,
    `--seed ${seed}`,
  ].join(' ');
}
