// Image datasets as [N, C, H, W] (NCHW, the convolution layers' layout): a view of the flat rows [N, C·H·W] that
// the loaders return, shaped by the dataset's sampleShape. No copy.
import { Tensor } from '../tensor';
import type { Dataset } from './dataset';

/** The same dataset with x [N, ...sampleShape] (a view); throws when it has no sampleShape [C, H, W]. */
export function asImages(ds: Dataset): Dataset {
  const s = ds.sampleShape;
  if (!s || s.length !== 3 || s[0] * s[1] * s[2] !== ds.x.cols) {
    throw new RangeError(
      `asImages: ${ds.name ?? 'the dataset'} needs sampleShape [C, H, W] with C·H·W = ${ds.x.cols}, got ` +
        `${s ? `[${s.join(', ')}]` : 'none'}`,
    );
  }
  return { ...ds, x: new Tensor(ds.x.data, [ds.x.rows, s[0], s[1], s[2]]) };
}
