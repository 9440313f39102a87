// `nnkit predict <model.nnkit> --data rows.csv [--json]` (or --model <model.nnkit>): predictions for raw table rows
// through the model's saved tabular preprocessing (a model trained by `nnkit train --data <table>`), or for rows of
// numbers through any other model (predict-numbers.ts). Output, one line per row: CSV with the
// predicted label and a probability per class (classification) or the predicted value (regression); with --json,
// one JSON object per row ({ label, probabilities } or { value }). The label column may be present; it is ignored.
import { parseArgs } from 'node:util';
import { loadModel } from '../io/load';
import { predictRows, type RowPrediction } from '../tabular/predict-rows';
import { readTable } from '../tabular/table';
import { predictNumbers } from './predict-numbers';
import { UsageError } from './usage-error';

export const PREDICT_USAGE =
  'usage: nnkit predict <model.nnkit> --data <rows.csv|.tsv|.jsonl|.json> [--json] [--delimiter c]\n' +
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
      delimiter: { type: 'string' },
    },
  });
  const files = [...positionals, ...(values.model ? [values.model] : [])];
  if (files.length !== 1) throw new UsageError(`expected one model file, got ${files.length}\n${PREDICT_USAGE}`);
  if (!values.data) throw new UsageError(`--data <rows file> is required\n${PREDICT_USAGE}`);
  const model = await loadModel(files[0]);
  const table = await readTable(values.data, { delimiter: values.delimiter });
  const predictions = model.tabular ? await predictRows(model, table) : await predictNumbers(model, table);
  process.stdout.write(
    values.json ? predictions.map((p) => JSON.stringify(p)).join('\n') + '\n' : csvLines(predictions),
  );
  return 0;
}

function csvLines(predictions: RowPrediction[]): string {
  const first = predictions[0];
  if (!first || !('label' in first))
    return ['value', ...predictions.map((p) => String((p as { value: number }).value))].join('\n') + '\n';
  const classes = Object.keys(first.probabilities);
  const quote = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const rows = predictions.map((p) => {
    const c = p as { label: string; probabilities: Record<string, number> };
    return [quote(c.label), ...classes.map((k) => c.probabilities[k].toPrecision(6))].join(',');
  });
  return [['label', ...classes.map((k) => quote(`p(${k})`))].join(','), ...rows].join('\n') + '\n';
}
