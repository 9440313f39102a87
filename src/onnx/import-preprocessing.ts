// Standardization at the head of an imported graph, as exportONNX writes it (and as hand-made pipelines do):
//   Sub(x, μ) (or Sub(μ_hi) then Sub(μ_lo): exportONNX's two-part mean) then Div(·, σ), either alone, with constants
//   of one value or one per input value ([D], or the image's [C, H, W])  →  model.preprocessing = standardize:
//   y = (x − μ)/σ per feature
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
  const mean = new Float64Array(features);
  let std: Float32Array | undefined;
  // Sub (one, or exportONNX's two-part mean), then at most one Div
  for (let n = headNode(view, current, 'Sub'); n; n = headNode(view, current, 'Sub')) {
    perFeature(view, n, features, what).forEach((v, f) => (mean[f] += v));
    used.push(n);
    current = n.outputs[0];
  }
  const div = headNode(view, current, 'Div');
  if (div) {
    std = perFeature(view, div, features, what);
    used.push(div);
    current = div.outputs[0];
  }
  if (!used.length) return { current, used };
  const preprocessing = Standardize.fromJSON({
    kind: 'standardize',
    grouping: 'feature',
    scale: std !== undefined,
    dims: features,
    mean: Array.from(mean),
    std: Array.from(std ?? new Float32Array(features).fill(1)),
  });
  return { preprocessing, current, used };
}

/** The one node reading `tensor`, when it is `op`(tensor, constant). */
function headNode(view: GraphView, tensor: string, op: 'Sub' | 'Div'): NodeProto | undefined {
  const readers = view.readers.get(tensor) ?? [];
  const n = readers.length === 1 ? readers[0] : undefined;
  return n && n.opType === op && n.domain === '' && n.inputs[0] === tensor && view.isConstant(n.inputs[1] ?? '')
    ? n
    : undefined;
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
