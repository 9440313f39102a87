// `nnkit export model.nnkit --onnx out.onnx [--opset 13] [--no-preprocessing] [--class-names a,b,c]`: a saved
// model (with its preprocessing) as an ONNX file for onnxruntime and other runtimes (src/onnx/export.ts).
import { parseArgs } from 'node:util';
import { UsageError } from './usage-error';
import { loadModel } from '../io/load';

export const EXPORT_USAGE =
  'usage: nnkit export <model.nnkit> --onnx <out.onnx> [--opset 13..21] [--no-preprocessing] [--class-names a,b,c]';

export async function exportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      onnx: { type: 'string' },
      opset: { type: 'string' },
      'no-preprocessing': { type: 'boolean', default: false },
      'class-names': { type: 'string' },
    },
  });
  if (positionals.length !== 1)
    throw new UsageError(`expected one model file, got ${positionals.length}\n${EXPORT_USAGE}`);
  if (!values.onnx) throw new UsageError(`--onnx <out.onnx> is required\n${EXPORT_USAGE}`);
  const opset = values.opset === undefined ? undefined : Number(values.opset);
  if (opset !== undefined && !Number.isInteger(opset))
    throw new UsageError(`--opset must be a whole number, got ${values.opset}`);
  const model = await loadModel(positionals[0]);
  await model.exportONNX(values.onnx, {
    opset,
    preprocessing: !values['no-preprocessing'],
    classNames: values['class-names']?.split(','),
  });
  process.stdout.write(`wrote ${values.onnx} (ONNX opset ${opset ?? 13}) from ${positionals[0]}\n`);
  return 0;
}
