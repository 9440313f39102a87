// `nnkit predict <model.nnkit> --data rows.csv [--proba] [--json]` (or --model <model.nnkit>): predictions for raw
// table rows through the model's saved tabular preprocessing (a model trained by `nnkit train --data <table>`), or
// for rows of numbers through any other model (predict-numbers.ts). Output, one line per row after a header: CSV with
// the predicted label (classification; with --proba also p(<class>) per class, named by the model's classes) or the
// predicted value (regression; --proba is a usage error there); with --json, one JSON object per row ({ label },
// { label, probabilities } with --proba, or { value }). The label column may be present in the rows; it is ignored.
import { parseArgs } from 'node:util';
import { loadModel } from '../io/load';
import { predictRows, type RowPrediction } from '../tabular/predict-rows';
import { readTable } from '../tabular/table';
import { predictNumbers } from './predict-numbers';
import { UsageError } from './usage-error';

export const PREDICT_USAGE =
  'usage: nnkit predict <model.nnkit> --data <rows.csv|.tsv|.jsonl|.json> [--proba] [--json] [--delimiter c]\n' +
  "       --proba   each class's probability beside the label (classifiers)\n" +
  '       --json    one JSON object per row (JSON Lines) instead of CSV\n' +
  '       (--model <model.nnkit> in place of the first argument works too)';

export async function predictCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      model: { type: 'string' },
      data: { type: 'string' },
      json: { type: 'boolean' },
      proba: { type: 'boolean' },
      delimiter: { type: 'string' },
    },
  });
  const files = [...positionals, ...(values.model ? [values.model] : [])];
  if (files.length !== 1) throw new UsageError(`expected one model file, got ${files.length}\n${PREDICT_USAGE}`);
  if (!values.data) throw new UsageError(`--data <rows file> is required\n${PREDICT_USAGE}`);
  const model = await loadModel(files[0]);
  const table = await readTable(values.data, { delimiter: values.delimiter });
  const predictions = model.tabular ? await predictRows(model, table) : await predictNumbers(model, table);
  if (values.proba && predictions.length > 0 && !('label' in predictions[0]))
    throw new UsageError(`--proba: ${files[0]} predicts values (regression), not classes\n${PREDICT_USAGE}`);
  const shown = values.proba ? predictions : predictions.map(withoutProbabilities);
  process.stdout.write(values.json ? shown.map((p) => JSON.stringify(p)).join('\n') + '\n' : csvLines(shown));
  return 0;
}

const withoutProbabilities = (p: RowPrediction): RowPrediction | { label: string } =>
  'label' in p ? { label: p.label } : p;

/** CSV: `value` per row, or `label` and, when the rows carry probabilities, one `p(<class>)` column per class. */
function csvLines(predictions: (RowPrediction | { label: string })[]): string {
  const first = predictions[0];
  if (!first || !('label' in first))
    return ['value', ...predictions.map((p) => String((p as { value: number }).value))].join('\n') + '\n';
  const classes = 'probabilities' in first ? Object.keys(first.probabilities) : [];
  const quote = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const rows = predictions.map((p) => {
    const c = p as { label: string; probabilities: Record<string, number> };
    return [quote(c.label), ...classes.map((k) => c.probabilities[k].toPrecision(6))].join(',');
  });
  return [['label', ...classes.map((k) => quote(`p(${k})`))].join(','), ...rows].join('\n') + '\n';
}
