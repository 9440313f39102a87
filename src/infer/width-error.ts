// Input rows of the wrong width: one error naming the model's input width and the layer that takes it, e.g.
//   "predict: the model expects 784 features per row (Dense(784→512)), got 64"
// With preprocessing that changes the width (PCA), the layer text says so: "(pca 784→50, then Dense(50→10))".
import type { Layer } from '../nn/layer';
import type { Preprocessor } from '../data/preprocess';
import type { Tensor } from '../tensor';

export function widthError(what: string, features: number, got: string, takes: string | undefined): RangeError {
  return new RangeError(`${what}: the model expects ${features} features per row${takes ? ` (${takes})` : ''}, ${got}`);
}

/** The first layer that declares its input width (Dense/Maxout inFeatures, BatchNorm features), described, with
 *  the image shape for a model taking images; undefined when no layer declares one. */
export function inputLayerText(layers: readonly Layer[], image?: readonly number[]): string | undefined {
  if (image) return layers[0] ? `${layers[0].describe()} on images [${image.join(', ')}]` : undefined;
  const first = layers.find(
    (l) => typeof ((l as { inFeatures?: unknown }).inFeatures ?? (l as { features?: unknown }).features) === 'number',
  );
  return first?.describe();
}

/** What takes raw rows of width `raw`: the layer, after the preprocessing when it changes the width. */
export function rawInputText(
  layerText: string | undefined,
  raw: number,
  modelWidth: number,
  preprocessing: Preprocessor | undefined,
): string | undefined {
  if (!preprocessing || raw === modelWidth || !layerText) return layerText;
  return `${preprocessing.kind} ${raw}→${modelWidth}, then ${layerText}`;
}

/** fit/evaluate: the rows reaching the model (after its preprocessing) must have the first Dense/Maxout's width. */
export function checkFeatureWidth(layers: readonly Layer[], x: Tensor, what: string): void {
  const first = layers[0] as (Layer & { inFeatures?: unknown }) | undefined;
  if (!first || typeof first.inFeatures !== 'number' || x.shape.length !== 2 || x.cols === first.inFeatures) return;
  throw widthError(what, first.inFeatures, `got ${x.cols}`, first.describe());
}
