// Predictions for raw rows through a model's saved tabular preprocessing, and the metrics of a labelled table in
// the label's own units (regression predictions are un-standardized before R², MAE and RMSE).
//   classification: [{ label: 'yes', probabilities: { no: 0.09, yes: 0.91 } }]   (sigmoid of one binary logit, or
//                   softmax of C logits)
//   regression:     [{ value: 231.5 }]
import { classificationReport, type ClassReport } from '../metrics/classification';
import { regressionMetrics, type RegressionMetrics } from '../metrics/regression';
import type { Chain } from '../nn/chain';
import type { Tensor } from '../tensor';
import { predictLive } from '../infer/predict';
import type { TabularPipeline } from './pipeline';
import { tableFromRecords, type Table } from './table';
import { ClassTarget } from './target';

export interface TabularModel extends Chain {
  tabular?: TabularPipeline;
}

export type RowPrediction = { label: string; probabilities: Record<string, number> } | { value: number };

export type TableMetrics = ({ task: 'classification' } & ClassReport) | ({ task: 'regression' } & RegressionMetrics);

export async function predictRows(
  model: TabularModel,
  rows: readonly Record<string, unknown>[] | Table,
): Promise<RowPrediction[]> {
  const pipeline = pipelineOf(model);
  const table = Array.isArray(rows) ? tableFromRecords(rows, 'predictRows') : (rows as Table);
  const out = await predictLive(model, pipeline.features(table));
  const target = pipeline.target;
  if (target instanceof ClassTarget) {
    const p = classProbabilities(out);
    const c = target.classes.length;
    return Array.from({ length: out.rows }, (_, i) => {
      const row = p.subarray(i * c, i * c + c);
      let best = 0;
      for (let k = 1; k < c; k++) if (row[k] > row[best]) best = k;
      return {
        label: target.classes[best],
        probabilities: Object.fromEntries(target.classes.map((n, k) => [n, row[k]])),
      };
    });
  }
  return Array.from(out.data, (z) => ({ value: target.decode(z) }));
}

/** Metrics of the model on rows `rows` of a labelled table, in the label's units. */
export async function evaluateTable(
  model: TabularModel,
  table: Table,
  rows?: readonly number[],
): Promise<TableMetrics> {
  const pipeline = pipelineOf(model);
  const ds = pipeline.dataset(table, rows);
  const out = await predictLive(model, ds.x);
  const target = pipeline.target;
  if (target instanceof ClassTarget)
    return { task: 'classification', ...classificationReport(ds.y, classProbabilities(out), target.classes.length) };
  const y = Float64Array.from(ds.y, (z) => target.decode(z));
  const yHat = Float64Array.from(out.data, (z) => target.decode(z));
  return { task: 'regression', ...regressionMetrics(y, yHat) };
}

function pipelineOf(model: TabularModel): TabularPipeline {
  if (!model.tabular)
    throw new Error(
      'predictRows: this model has no tabular preprocessing (train it with trainTable / nnkit train --data file.csv)',
    );
  return model.tabular;
}

/** Class probabilities [N, C] from the outputs: one column is a binary logit z (P(class 1) = σ(z), P(class 0) =
 *  1 − σ(z)); C columns are logits for a row-wise softmax, in float64, max-shifted. */
function classProbabilities(z: Tensor): Float64Array {
  if (z.cols === 1) {
    const p = new Float64Array(2 * z.rows);
    for (let i = 0; i < z.rows; i++) {
      const one = 1 / (1 + Math.exp(-z.data[i]));
      p[2 * i] = 1 - one;
      p[2 * i + 1] = one;
    }
    return p;
  }
  const c = z.cols;
  const p = new Float64Array(z.size);
  for (let i = 0; i < z.rows; i++) {
    let m = -Infinity;
    for (let k = 0; k < c; k++) m = Math.max(m, z.data[i * c + k]);
    let s = 0;
    for (let k = 0; k < c; k++) s += p[i * c + k] = Math.exp(z.data[i * c + k] - m);
    for (let k = 0; k < c; k++) p[i * c + k] /= s;
  }
  return p;
}
