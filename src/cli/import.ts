// `nnkit import model.onnx --save model.nnkit [--logits] [--class-names a,b,c]`: an ONNX model (torch.onnx.export,
// tf2onnx, exportONNX) as an nnkit model file that `nnkit predict/evaluate/info` and loadModel read and fit trains
// further (src/onnx/import.ts). Prints the layers it became.
import { parseArgs } from 'node:util';
import { importONNX } from '../onnx/import';
import { modelSummary } from './info';
import { checkOutputPath } from './save-guard';
import { UsageError } from './usage-error';

export const IMPORT_USAGE =
  'usage: nnkit import <model.onnx> --save <model.nnkit> [--logits] [--class-names a,b,c]\n' +
  '  --logits       leave out a final Softmax (the model then outputs logits, for fine-tuning with fit)\n' +
  '  --class-names  class names to record (default: the ONNX file’s metadata_props class_names, when present)';

export async function importCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      save: { type: 'string' },
      logits: { type: 'boolean', default: false },
      'class-names': { type: 'string' },
    },
  });
  if (positionals.length !== 1)
    throw new UsageError(`expected one ONNX file, got ${positionals.length}\n${IMPORT_USAGE}`);
  if (values.save === undefined) throw new UsageError(`--save <model.nnkit> is required\n${IMPORT_USAGE}`);
  checkOutputPath('save', values.save);
  const classNames = values['class-names']?.split(',');
  if (classNames?.some((n) => n === '')) throw new UsageError(`--class-names has an empty name`);
  const model = await importONNX(positionals[0], { logits: values.logits, classNames });
  await model.save(values.save);
  const s = modelSummary(model);
  const lines = [
    `${positionals[0]}: ${s.layers.length} layers, ${s.parameters.toLocaleString('en-US')} parameters`,
    ...s.layers.map((l, i) => `  ${String(i).padStart(2)}  ${l.layer}`),
    `preprocessing: ${s.preprocessing ?? 'none'}`,
    `wrote ${values.save}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
