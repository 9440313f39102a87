// Preprocessing at the head of an imported graph, as exportONNX writes it (and as hand-made pipelines do):
//   Sub(x, μ) (or Sub(μ_hi) then Sub(μ_lo): exportONNX's two-part mean) then Div(·, σ), either alone, with constants
//   of one value or one per input value ([D], or the image's [C, H, W])  →  standardize: y = (x − μ)/σ per feature
//   then [Flatten] Sub(·, m [D]) → Gemm(·, U [k, D], transB = 1) [→ Div(·, s [k])], U named PCA_COMPONENTS (what
//   exportONNX writes; a hand-made Sub → Gemm stays a Dense)  →  pca: y = (x − m)·Uᵀ (/ s: whitening, imported
//   with ε = 0 and eigenvalues s², so √(λ + ε) = s)
// Both present: a pipeline. So an exported nnkit model comes back with its preprocessing instead of failing on Sub.
import { PCA, Pipeline, Standardize, type Preprocessor } from '../data/preprocess';
import { PCA_COMPONENTS } from './export-preprocessing';
import { nodeName, type GraphView } from './import-graph';
import type { NodeProto } from './schema';

export interface HeadPreprocessing {
  preprocessing?: Preprocessor;
  /** The tensor after it (the input itself when there is none), the nodes it used, and its per-sample dims when
   *  it changes them (PCA: [k]). */
  current: string;
  used: NodeProto[];
  dims?: number[];
}

export function headPreprocessing(view: GraphView, input: string, features: number, what: string): HeadPreprocessing {
  const head: HeadPreprocessing = { current: input, used: [] };
  const steps: Preprocessor[] = [];
  const standardizeStep = standardization(view, head, features, what);
  if (standardizeStep) steps.push(standardizeStep);
  const pcaStep = projection(view, head, features, what);
  if (pcaStep) steps.push(pcaStep);
  head.preprocessing = steps.length > 1 ? new Pipeline(steps) : steps[0];
  return head;
}

/** Sub (one, or exportONNX's two-part mean), then at most one Div; advances `head` past them. */
function standardization(
  view: GraphView,
  head: HeadPreprocessing,
  features: number,
  what: string,
): Standardize | undefined {
  const mean = new Float64Array(features);
  let std: Float32Array | undefined;
  const start = head.used.length;
  for (let n = headNode(view, head.current, 'Sub'); n && !startsPCA(view, n); n = headNode(view, head.current, 'Sub')) {
    perFeature(view, n, features, what).forEach((v, f) => (mean[f] += v));
    advance(head, n);
  }
  const div = headNode(view, head.current, 'Div');
  if (div) {
    std = perFeature(view, div, features, what);
    advance(head, div);
  }
  if (head.used.length === start) return undefined;
  return Standardize.fromJSON({
    kind: 'standardize',
    grouping: 'feature',
    scale: std !== undefined,
    dims: features,
    mean: Array.from(mean),
    std: Array.from(std ?? new Float32Array(features).fill(1)),
  });
}

/** exportONNX's PCA: [Flatten,] Sub, Gemm(PCA_COMPONENTS), [Div]; advances `head` past them. */
function projection(view: GraphView, head: HeadPreprocessing, features: number, what: string): PCA | undefined {
  const flatten = headNode(view, head.current, 'Flatten');
  const sub = headNode(view, flatten?.outputs[0] ?? head.current, 'Sub');
  if (!sub || !startsPCA(view, sub)) return undefined;
  const gemm = (view.readers.get(sub.outputs[0]) as NodeProto[])[0];
  const components = view.constant(PCA_COMPONENTS);
  const [k, D] = components?.dims ?? [];
  if (!components?.floats || D !== features || gemm.inputs[2] || transB(gemm) !== 1)
    throw new Error(`${what}: ${nodeName(gemm)}: a PCA projection must be Gemm(x, U [k, ${features}], transB = 1)`);
  if (flatten) advance(head, flatten);
  const mean = perFeature(view, sub, features, what);
  advance(head, sub);
  advance(head, gemm);
  const div = headNode(view, head.current, 'Div');
  const scale = div && perFeature(view, div, k, what);
  if (div) advance(head, div);
  head.dims = [k];
  return PCA.fromJSON({
    kind: 'pca',
    dims: D,
    k,
    whiten: scale !== undefined,
    eps: 0,
    mean: Array.from(mean),
    components: Array.from(components.floats),
    eigenvalues: Array.from(scale ?? new Float32Array(k), (s) => s * s),
  });
}

function advance(head: HeadPreprocessing, n: NodeProto): void {
  head.used.push(n);
  head.current = n.outputs[0];
}

const transB = (n: NodeProto) => n.attributes.find((a) => a.name === 'transB')?.i ?? 0;

/** Whether `sub` feeds exportONNX's PCA projection (a Gemm by PCA_COMPONENTS). */
function startsPCA(view: GraphView, sub: NodeProto): boolean {
  const readers = view.readers.get(sub.outputs[0]) ?? [];
  return readers.length === 1 && readers[0].opType === 'Gemm' && readers[0].inputs[1] === PCA_COMPONENTS;
}

/** The one node reading `tensor`, when it is `op`(tensor, constant) (Flatten: `op`(tensor)). */
function headNode(view: GraphView, tensor: string, op: 'Sub' | 'Div' | 'Flatten'): NodeProto | undefined {
  const readers = view.readers.get(tensor) ?? [];
  const n = readers.length === 1 ? readers[0] : undefined;
  if (!n || n.opType !== op || n.domain !== '' || n.inputs[0] !== tensor) return undefined;
  return op === 'Flatten' || view.isConstant(n.inputs[1] ?? '') ? n : undefined;
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
