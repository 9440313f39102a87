// `nnkit info model.nnkit [--json]`: what a saved model is: its layers with parameter counts, the total, the
// preprocessing it applies, and the training settings and dataset facts recorded with it.
import { parseArgs } from 'node:util';
import { leafLayers } from '../babysit/probe';
import { loadModel } from '../io/load';
import type { Model } from '../model';
import { UsageError } from './usage-error';

export const INFO_USAGE = 'usage: nnkit info <model.nnkit> [--json]';

/** One entry per leaf layer: its name and learned-parameter count. */
export function modelSummary(model: Model) {
  const layers = leafLayers(model).map((l) => ({
    layer: l.describe(),
    parameters: l.parameters().reduce((n, p) => n + p.value.length, 0),
  }));
  return {
    layers,
    parameters: layers.reduce((n, l) => n + l.parameters, 0),
    preprocessing: model.tabular ? 'tabular' : (model.preprocessing?.kind ?? null),
    training: model.trainingInfo ?? null,
    dataset: model.datasetInfo ?? null,
  };
}

export async function infoCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1) throw new UsageError(`expected one model file, got ${positionals.length}`);
  const s = modelSummary(await loadModel(positionals[0]));
  if (values.json) {
    process.stdout.write(JSON.stringify({ file: positionals[0], ...s }) + '\n');
    return 0;
  }
  const width = Math.max(...s.layers.map((l) => l.layer.length), 5);
  const lines = [
    `${positionals[0]}: ${s.layers.length} layers, ${s.parameters.toLocaleString('en-US')} parameters`,
    ...s.layers.map(
      (l, i) => `  ${String(i).padStart(2)}  ${l.layer.padEnd(width)}  ${l.parameters.toLocaleString('en-US')}`,
    ),
    `preprocessing: ${s.preprocessing ?? 'none'}`,
    `training: ${s.training ? JSON.stringify(s.training) : 'not recorded'}`,
    `dataset: ${s.dataset ? JSON.stringify(s.dataset) : 'not recorded'}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
