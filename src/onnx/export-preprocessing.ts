// The model's saved preprocessing at the head of the ONNX graph, so the exported model takes raw inputs as
// model.predict does (x [batch, D]):
//   standardize / center   y = (x − μ) / σ   → Sub(x, μ [D]) then Div(·, σ [D])  (μ, σ expanded to one per feature)
//   pca                    y = (x − μ)·U_kᵀ (/ √(λ + ε) when whitening) → Sub, Gemm(transB = 1) [, Div]
//   pipeline               its steps in order
// Keyed by the preprocessor's toJSON().kind; registerPreprocessingExporter adds a kind (a tabular schema's numeric
// part, say). A kind without an exporter is an Error that says to export without it and transform inputs first.
import type { Preprocessor, PreprocessorJSON } from '../data/preprocess';
import { attr, type GraphBuilder } from './graph-builder';

/** Appends the ONNX form of a fitted preprocessor, given as its toJSON(). */
export type PreprocessingExporter = (json: { kind: string; [key: string]: unknown }, g: GraphBuilder) => void;

type Json<K extends PreprocessorJSON['kind']> = Extract<PreprocessorJSON, { kind: K }> & { sampleShape?: number[] };

const EXPORTERS = new Map<string, PreprocessingExporter>([
  ['standardize', (j, g) => exportStandardize(j as unknown as Json<'standardize'>, g)],
  ['pca', (j, g) => exportPCA(j as unknown as Json<'pca'>, g)],
  ['pipeline', (j, g) => (j as unknown as Json<'pipeline'>).steps.forEach((s) => exportStep(s, g))],
]);

export function registerPreprocessingExporter(kind: string, exporter: PreprocessingExporter): void {
  EXPORTERS.set(kind, exporter);
}

export function exportPreprocessing(pre: Preprocessor, g: GraphBuilder): void {
  exportStep(pre.toJSON(), g);
}

/** The number of raw input features the preprocessing was fitted on, if it records it. */
export function preprocessingWidth(pre: Preprocessor): number | undefined {
  const j = pre.toJSON() as { kind: string; dims?: unknown; steps?: { dims?: unknown }[] };
  const dims = j.kind === 'pipeline' ? j.steps?.[0]?.dims : j.dims;
  return typeof dims === 'number' && dims > 0 ? dims : undefined;
}

function exportStep(json: PreprocessorJSON, g: GraphBuilder): void {
  const exporter = EXPORTERS.get(json.kind);
  if (!exporter)
    throw new Error(
      `exportONNX: the model's preprocessing ${JSON.stringify(json.kind)} has no ONNX form (known: ` +
        `${[...EXPORTERS.keys()].join(', ')}); export with { preprocessing: false } (nnkit export --no-preprocessing) and apply ` +
        'model.preprocessing.transform(x) to inputs before running the ONNX model',
    );
  exporter(json as unknown as { kind: string }, g);
}

function exportStandardize(j: Json<'standardize'>, g: GraphBuilder): void {
  const D = j.dims,
    dims = sampleDims(g, D);
  const group = groupOfFeature(j);
  const perFeature = (stats: number[]) => Array.from({ length: D }, (_, f) => stats[group(f)]);
  g.subtract('centered', dims, perFeature(j.mean));
  if (j.scale) g.apply('Div', 'standardized', [g.floats('preprocess.std', dims, perFeature(j.std))]);
}

/** The shape of per-feature constants: [D] for rows, the image's [C, H, W] (broadcast over the batch) for images. */
function sampleDims(g: GraphBuilder, D: number): number[] {
  if (g.inputDims.length === 1 && g.width === D) return [D];
  if (g.width === D) return g.inputDims as number[];
  throw new Error(
    `exportONNX: the preprocessing was fitted on ${D} features, the model's input is ` +
      `[${g.inputDims.join(', ')}]; for image models pass { imageShape: [C, H, W] }`,
  );
}

/** Which statistic feature f uses: one global, one per feature, or one per channel of [C, H, W]. */
function groupOfFeature(j: Json<'standardize'>): (f: number) => number {
  if (j.grouping === 'global') return () => 0;
  if (j.grouping === 'feature') return (f) => f;
  const shape = j.sampleShape ?? [];
  const hw = shape.length === 3 ? shape[1] * shape[2] : NaN;
  if (!(hw > 0)) throw new Error('exportONNX: per-channel standardization saved without its sample shape [C, H, W]');
  return (f) => Math.floor(f / hw);
}

/** The name of the PCA's components initializer: how importONNX tells a PCA (fixed preprocessing) from a Dense. */
export const PCA_COMPONENTS = 'preprocess.pca_components';

function exportPCA(j: Json<'pca'>, g: GraphBuilder): void {
  if (g.width !== j.dims) sampleDims(g, j.dims); // the error naming both sizes
  if (g.inputDims.length > 1) g.apply('Flatten', 'pca_rows', [], [attr.int('axis', 1)]);
  g.apply('Sub', 'pca_centered', [g.floats('preprocess.pca_mean', [j.dims], j.mean)], [], j.dims);
  const components = g.floats(PCA_COMPONENTS, [j.k, j.dims], j.components);
  g.apply('Gemm', 'pca_projected', [components], [attr.int('transB', 1)], j.k);
  if (j.whiten) {
    const scale = j.eigenvalues.map((l) => Math.sqrt(l + j.eps));
    g.apply('Div', 'pca_whitened', [g.floats('preprocess.pca_scale', [j.k], scale)], [], j.k);
  }
}
