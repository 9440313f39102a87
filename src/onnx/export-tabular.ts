// A table model's fitted preprocessing (model.tabular) in the graph, for tables of numeric columns: the graph takes
// the raw values [batch, K] (one per numeric column, in model.tabular's order, NaN for a missing cell) and does
//   filled = Where(IsNaN(x), median, x);  z = (filled − mean) / std   (per column, as NumericEncoder; the mean
//   subtracted in two float32 parts, see GraphBuilder.subtract)
//   was-missing indicators = Cast(IsNaN(x)), placed after their column by a Gather over Concat(z, indicators)
// and, for regression, turns the standardized output back to the label's units: y = z·std + mean.
// Categorical, boolean and date columns have no ONNX form here (they need string inputs): such a model exports
// with { preprocessing: false }, and then takes model.tabular.features(table) rows.
import type { NumericJSON } from '../tabular/column-encoders';
import type { TabularPipelineJSON } from '../tabular/pipeline';
import { DATA_TYPE } from './schema';
import { attr, type GraphBuilder } from './graph-builder';

/** The numeric columns the graph takes, in order; an Error naming the first column it cannot take. */
export function tabularInputColumns(p: TabularPipelineJSON): string[] {
  return p.encoders.map((e) => {
    if (e.type !== 'numeric' || e.kind !== 'numeric' || e.median.length !== 1)
      throw new Error(
        `exportONNX: column ${JSON.stringify(e.name)} is ${e.type === 'numeric' ? e.kind : e.type}; the ONNX graph ` +
          'takes numeric table columns only: export with { preprocessing: false } (nnkit export ' +
          '--no-preprocessing) and give the graph model.tabular.features(table) rows',
      );
    return e.name;
  });
}

export function exportTabularInputs(p: TabularPipelineJSON, g: GraphBuilder): void {
  const cols = p.encoders as NumericJSON[],
    K = cols.length;
  const stat = (name: string, pick: (c: NumericJSON) => number) => g.floats(`tabular.${name}`, [K], cols.map(pick));
  const isMissing = g.node('IsNaN', 'tabular_missing', [g.current]);
  g.current = g.node('Where', 'tabular_imputed', [isMissing, stat('median', (c) => c.median[0]), g.current]);
  g.subtract(
    'tabular_centered',
    [K],
    cols.map((c) => c.mean[0]),
  );
  g.apply('Div', 'tabular_standardized', [stat('std', (c) => c.std[0])], [], K);
  if (!cols.some((c) => c.indicator)) return;
  const flags = g.node('Cast', 'tabular_indicators', [isMissing], [attr.int('to', DATA_TYPE.FLOAT)]);
  g.apply('Concat', 'tabular_with_indicators', [flags], [attr.int('axis', 1)], 2 * K);
  // each column's value, then its indicator when it has one: the order of the model's input columns
  const order = cols.flatMap((c, k) => (c.indicator ? [k, K + k] : [k]));
  g.apply('Gather', 'tabular_inputs', [g.int64s('tabular.order', order)], [attr.int('axis', 1)], order.length);
}

/** Regression outputs back to the label's units (y = z·std + mean); class names for classification. */
export function exportTabularTarget(p: TabularPipelineJSON, g: GraphBuilder): void {
  if (p.target.type !== 'standardized') return;
  g.apply('Mul', 'target_scaled', [g.floats('tabular.target_std', [1], [p.target.std])]);
  g.apply('Add', 'target', [g.floats('tabular.target_mean', [1], [p.target.mean])]);
}
