// The input shape of an image model (its first layer a Conv2d or a pooling layer, which read [N, C, H, W]):
// the per-row shape [C, H, W] that inference plans reshape their flat rows to. It comes from, in order, the input
// Tensor's own shape, the preprocessing's sampleShape (per-channel statistics), the model's saved dataset info.
import type { Preprocessor } from '../data/preprocess';
import { Conv2d } from '../nn/conv2d';
import type { Layer } from '../nn/layer';
import { Pool2dLayer } from '../nn/pool2d-layer';
import { Tensor } from '../tensor';

export interface ImageModel {
  readonly layers: readonly Layer[];
  preprocessing?: Preprocessor;
  datasetInfo?: Record<string, unknown>;
}

const isShape = (s: unknown): s is number[] =>
  Array.isArray(s) && s.length === 3 && s.every((d) => Number.isSafeInteger(d) && d > 0);

/** [C, H, W] for an image model (a RangeError naming `what` when nothing tells it), undefined otherwise. */
export function imageSampleShape(model: ImageModel, x: unknown, what: string): number[] | undefined {
  const first = model.layers[0];
  if (!(first instanceof Conv2d || first instanceof Pool2dLayer)) return undefined;
  if (x instanceof Tensor && x.shape.length === 4) return x.shape.slice(1);
  const fromPreprocessing = (model.preprocessing?.toJSON() as { sampleShape?: unknown } | undefined)?.sampleShape;
  if (isShape(fromPreprocessing)) return fromPreprocessing;
  const fromDataset = model.datasetInfo?.sampleShape;
  if (isShape(fromDataset)) return fromDataset;
  throw new RangeError(`${what}: ${first.describe()} takes images; pass a Tensor [N, C, H, W]`);
}
