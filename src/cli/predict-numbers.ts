// `nnkit predict` for a model without table preprocessing (trained from code or on digits / Fashion-MNIST): every
// cell of the rows file must be a number (a CSV with a header line, or JSON objects whose values are the features
// in order); the predictions take the tabular path's shape: { label, probabilities } per row (label = the class
// name when the model has names, else its index) or { value } for a regression model.
import type { Model } from '../model';
import { classNamesOf } from '../onnx/export';
import type { RowPrediction } from '../tabular/predict-rows';
import type { Table } from '../tabular/table';

export async function predictNumbers(model: Model, table: Table): Promise<RowPrediction[]> {
  const rows = Array.from({ length: table.length }, (_, i) =>
    table.columns.map((_, j) => {
      const c = table.cell(i, j);
      const v = typeof c === 'number' ? c : typeof c === 'string' && c.trim() !== '' ? Number(c) : NaN;
      if (!Number.isFinite(v))
        throw new Error(`${table.where(i)}: column ${table.columns[j]} is ${JSON.stringify(c)}, not a number`);
      return v;
    }),
  );
  const loss = model.trainingInfo?.loss;
  if (loss === 'mean-squared-error' || loss === 'mse')
    return Array.from((await model.predictRaw(rows)).data, (value) => ({ value }));
  const proba = await model.predictProba(rows);
  const names = classNamesOf(model) ?? Array.from({ length: Math.max(2, proba.cols) }, (_, c) => String(c));
  const classes = await model.predictClasses(rows);
  return Array.from(classes, (c, i) => {
    const p = proba.data.subarray(i * proba.cols, (i + 1) * proba.cols);
    // one sigmoid output is P(class 1): both classes listed, as the tabular path does
    const probs = proba.cols === 1 ? [1 - p[0], p[0]] : Array.from(p);
    return { label: names[c], probabilities: Object.fromEntries(names.map((n, k) => [n, probs[k]])) };
  });
}
