// Augmentation of training images x [N, C, H, W], in place on each training batch (fit({ augment })), drawn from a
// seeded stream so a run is reproducible:
//   flip: each image mirrored left–right with probability 1/2            x[n, c, h, w] ← x[n, c, h, W − 1 − w]
//   crop: p: each image padded with p zeros on every side, then an H × W window cut at a uniform offset
//         (dy, dx) ∈ [0, 2p]²: x[n, c, h, w] ← padded[h + dy, w + dx]  (the common "random crop with padding")
// Validation, evaluation and prediction never see it.
import type { Rng } from '../random';
import type { Tensor } from '../tensor';

export interface Augmentation {
  /** Random horizontal flip. */
  flip?: boolean;
  /** Random crop after zero padding of this many pixels per side (0: none). */
  crop?: number;
}

/** Checks a spec: an error naming the field for anything but { flip?: boolean, crop?: whole number ≥ 0 }. */
export function checkAugmentation(a: unknown): Augmentation {
  if (typeof a !== 'object' || a === null)
    throw new TypeError(`augment must be an object { flip, crop }, got ${String(a)}`);
  const { flip, crop, ...rest } = a as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length) throw new TypeError(`augment: unknown option ${extra[0]} (expected flip, crop)`);
  if (flip !== undefined && typeof flip !== 'boolean')
    throw new TypeError(`augment.flip must be a boolean, got ${String(flip)}`);
  if (crop !== undefined && !(Number.isInteger(crop) && (crop as number) >= 0))
    throw new RangeError(`augment.crop must be a whole number ≥ 0, got ${String(crop)}`);
  return a as Augmentation;
}

/** Applies `a` to every image of x [N, C, H, W] in place. */
export function augmentImages(x: Tensor, a: Augmentation, rng: Rng): void {
  if (x.shape.length !== 4)
    throw new RangeError(
      `augment: needs images [N, C, H, W], got [${x.shape.join(', ')}] (load them with { images: true })`,
    );
  const [N, C, H, W] = x.shape;
  const p = a.crop ?? 0,
    plane = H * W,
    tmp = new Float64Array(C * plane);
  for (let n = 0; n < N; n++) {
    const img = x.data.subarray(n * C * plane, (n + 1) * C * plane);
    const flip = a.flip === true && rng.next() < 0.5;
    const dy = p > 0 ? Math.floor(rng.next() * (2 * p + 1)) - p : 0,
      dx = p > 0 ? Math.floor(rng.next() * (2 * p + 1)) - p : 0;
    if (!flip && dy === 0 && dx === 0) continue;
    tmp.set(img);
    for (let c = 0; c < C; c++)
      for (let h = 0; h < H; h++)
        for (let w = 0; w < W; w++) {
          const sh = h + dy,
            sw = (flip ? W - 1 - w : w) + dx; // read the shifted pixel of the (flipped) image; outside: padding
          img[c * plane + h * W + w] = sh >= 0 && sh < H && sw >= 0 && sw < W ? tmp[c * plane + sh * W + sw] : 0;
        }
  }
}
