// Standardization at the head of an imported graph, as exportONNX writes it (and as hand-made pipelines do):
//   Sub(x, μ) then Div(·, σ), either alone, with constants of one value or one per input value ([D], or the image's
//   [C, H, W])  →  model.preprocessing = standardize: y = (x − μ)/σ per feature
// so that an exported nnkit model comes back with its preprocessing instead of failing on Sub.
import { Standardize } from '../data/preprocess';
import { nodeName, type GraphView } from './import-graph';
import type { NodeProto } from './schema';

export interface HeadPreprocessing {
  preprocessing?: Standardize;
  /** The tensor after it (the input itself when there is none), and the nodes it used. */
  current: string;
  used: NodeProto[];
}

export function headPreprocessing(view: GraphView, input: string, features: number, what: string): HeadPreprocessing {
  let current = input;
  const used: NodeProto[] = [];
  let mean: Float32Array | undefined, std: Float32Array | undefined;
  for (const op of ['Sub', 'Div'] as const) {
    const readers = view.readers.get(current) ?? [];
    const n = readers.length === 1 ? readers[0] : undefined;
    if (!n || n.opType !== op || n.domain !== '' || n.inputs[0] !== current || !view.isConstant(n.inputs[1] ?? ''))
      continue;
    const values = perFeature(view, n, features, what);
    if (op === 'Sub') mean = values;
    else std = values;
    used.push(n);
    current = n.outputs[0];
  }
  if (!used.length) return { current, used };
  const preprocessing = Standardize.fromJSON({
    kind: 'standardize',
    grouping: 'feature',
    scale: std !== undefined,
    dims: features,
    mean: Array.from(mean ?? new Float32Array(features)),
    std: Array.from(std ?? new Float32Array(features).fill(1)),
  });
  return { preprocessing, current, used };
}

/** The node's constant operand as one value per input feature. */
function perFeature(view: GraphView, n: NodeProto, features: number, what: string): Float32Array {
  const v = view.constant(n.inputs[1]);
  const size = v?.dims.reduce((a, b) => a * b, 1);
  if (!v?.floats || (size !== features && size !== 1))
    throw new Error(
      `${what}: ${nodeName(n)} at the input: its constant must be float with one value or ${features} (one per ` +
        `input value), got dims [${v?.dims.join(', ')}]`,
    );
  if (n.opType === 'Div' && v.floats.some((s) => !(Math.abs(s) > 0)))
    throw new Error(`${what}: ${nodeName(n)} at the input divides by zero`);
  return size === features ? v.floats : new Float32Array(features).fill(v.floats[0]);
}
