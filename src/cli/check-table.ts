// `nnkit check --data <table file> [--label col]`: the sanity checks on a table read as `nnkit train --data` reads
// it — the labelled rows outside its test set (tabular/table-ref: the one split rule), encoded by preprocessing
// fitted on those rows — on the table recipe's MLP (flags as for `nnkit check`; BatchNorm only with --bn) or on a
// saved table model with its own preprocessing. Two classes are one logit checked with binary cross-entropy.
import type { Dataset } from '../data/dataset';
import type { LossName } from '../losses';
import { loadModel } from '../io/load';
import type { Layer } from '../nn/layer';
import { tableMlp } from '../search/table-trial';
import { tabularMlpSettings } from '../tabular/recipe';
import { encodeRows, tableTrainingRows } from '../tabular/table-ref';
import type { TabularPipeline } from '../tabular/pipeline';
import { UsageError } from './usage-error';

export interface TableCheckFlags {
  model?: string;
  layers?: string;
  activation?: string;
  init?: string;
  bn?: boolean;
  dropout?: string;
}

export async function tableCheckInputs(
  path: string,
  label: string | undefined,
  f: TableCheckFlags,
  seed: number,
): Promise<{ model: Layer; data: Dataset; loss?: LossName }> {
  const t = await tableTrainingRows({
    kind: 'table',
    path,
    ...(label !== undefined ? { label: /^-?\d+$/.test(label) ? Number(label) : label } : {}),
  });
  const lossOf = (p: TabularPipeline) =>
    p.target.type === 'classes' && p.target.classes.length === 2 ? ('binary-cross-entropy' as const) : undefined;
  if (f.model) {
    const model = await loadModel(f.model);
    if (!model.tabular) throw new UsageError(`--model ${f.model} was not trained on a table; check it on its own data`);
    return { model, data: model.tabular.dataset(t.table, t.rows), loss: lossOf(model.tabular) };
  }
  const encoded = encodeRows(
    t,
    t.rows.map((_, i) => i),
  );
  const d = tabularMlpSettings();
  const layers = f.layers === undefined ? d.layers : f.layers === '' ? [] : f.layers.split(',').map(Number);
  if (!layers.every((w) => Number.isInteger(w) && w >= 1))
    throw new UsageError(`--layers must list whole numbers ≥ 1, got ${f.layers}`);
  const dropout = Number(f.dropout ?? 0);
  if (!(dropout >= 0 && dropout < 1)) throw new UsageError(`--dropout must be a number in [0, 1), got ${f.dropout}`);
  const settings = {
    ...d,
    layers,
    activation: f.activation ?? d.activation,
    init: f.init ?? d.init,
    bn: f.bn === true,
    dropout,
  };
  let model: Layer;
  try {
    model = tableMlp(settings, encoded, seed);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return { model, data: encoded.train, loss: lossOf(encoded.pipeline) };
}
