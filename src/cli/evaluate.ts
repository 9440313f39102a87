// `nnkit evaluate --model m.nnkit --data digits|fashion-mnist|file.csv [--label col] [--data-dir dir] [--json]`:
// the saved model's metrics on labelled data: the test split of a named dataset, or every row of a CSV (through the
// model's tabular preprocessing when it was trained on a table; else numbers with the label column --label).
import { parseArgs } from 'node:util';
import { dataRefFromName, loadByName } from '../data/by-name';
import { loadCSV } from '../data/csv';
import { loadModel } from '../io/load';
import type { Model } from '../model';
import { evaluateTable } from '../tabular/predict-rows';
import { readTable } from '../tabular/table';
import { UsageError } from './usage-error';

export const EVALUATE_USAGE =
  'usage: nnkit evaluate --model <model.nnkit> --data digits|fashion-mnist|<file.csv> [--label <column>]\n' +
  '                      [--data-dir <dir>] [--json]';

export async function evaluateCommand(argv: string[]): Promise<number> {
  const { values: f } = parseArgs({
    args: argv,
    strict: true,
    options: {
      model: { type: 'string' },
      data: { type: 'string' },
      label: { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!f.model) throw new UsageError('--model <model.nnkit> is required');
  if (!f.data) throw new UsageError('--data digits|fashion-mnist|<file.csv> is required');
  const model = await loadModel(f.model);
  const metrics = await evaluateOn(model, f.data, f.label, f['data-dir']);
  if (f.json) process.stdout.write(JSON.stringify({ model: f.model, data: f.data, ...metrics }) + '\n');
  else
    process.stdout.write(
      Object.entries(metrics)
        .filter(([, v]) => typeof v === 'number' || typeof v === 'string')
        .map(([k, v]) => `${k} ${typeof v === 'number' ? +v.toFixed(4) : v}`)
        .join('  ') + '\n',
    );
  return 0;
}

async function evaluateOn(model: Model, data: string, label?: string, dir?: string): Promise<Record<string, unknown>> {
  let ref;
  try {
    ref = dataRefFromName(data, { dir, label });
  } catch (e) {
    throw new UsageError(`--${(e as Error).message}`);
  }
  if (ref.kind !== 'csv') {
    const { test } = await loadByName(ref);
    return { rows: test.x.rows, ...(await model.evaluate(test)) };
  }
  if (model.tabular) {
    const table = await readTable(ref.path);
    return { rows: table.length, ...(await evaluateTable(model, table)) };
  }
  const ds = await loadCSV(ref.path, { labelColumn: ref.labelColumn });
  return { rows: ds.x.rows, ...(await model.evaluate(ds)) };
}
