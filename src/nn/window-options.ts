// Options and input checks shared by the image layers (Conv2d, pooling): a size given as one number or as
// [height, width], and inputs that must be [N, C, H, W].
import type { DType } from '../tensor';
import type { Tensor } from '../tensor';
import { checkInput, shapeString } from './input-checks';
import type { Layer } from './layer';

/** One number for both directions, or [height, width]. */
export type Size2 = number | readonly [number, number];

/** [h, w] from a Size2, each a whole number ≥ min; an error naming `where` and `name` otherwise. */
export function size2(
  where: string,
  name: string,
  v: Size2 | undefined,
  fallback: number,
  min: number,
): [number, number] {
  const pair: readonly unknown[] = v === undefined ? [fallback, fallback] : Array.isArray(v) ? v : [v, v];
  if (pair.length !== 2 || !pair.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= min && d < 2 ** 31))
    throw new RangeError(
      `${where}: ${name} must be a whole number ≥ ${min} or a pair [h, w] of them, got ${JSON.stringify(v)}`,
    );
  return [pair[0] as number, pair[1] as number];
}

/** x as [N, C, H, W] with C = channels (when given). */
export function checkImageInput(layer: Layer, x: unknown, dtype: DType, channels?: number): Tensor {
  const t = checkInput(layer, x, dtype);
  if (t.shape.length !== 4 || (channels !== undefined && t.shape[1] !== channels)) {
    throw new RangeError(
      `${layer.describe()}: expected input [N, ${channels ?? 'C'}, H, W], got ${shapeString(t.shape)}` +
        (t.shape.length === 2 ? ' (reshape flat rows to images first, e.g. x.reshape([N, 1, 28, 28]))' : ''),
    );
  }
  return t;
}
