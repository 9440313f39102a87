// Fashion-MNIST (Xiao, Rasul & Vollgraf 2017, MIT licence): 60k train / 10k test 28×28 grey images, 10 classes,
// as four gzipped IDX files. Pixels are scaled to [0, 1]; x [N, 784], sampleShape [1, 28, 28].
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Tensor } from '../tensor';
import type { Dataset, TrainTest } from './dataset';
import { asImages } from './images';
import { readGzipIdx } from './idx-gzip';

export const FASHION_MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
};
/** Debian's dataset-fashion-mnist package installs here. */
export const DEBIAN_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** Directories searched: a directory given as argument and nothing else (an explicit choice never falls back to
 *  other data); otherwise $NNKIT_DATA (itself or its fashion-mnist/), Debian's package, and the development copy
 *  next to the repository (../shared/data/fashion-mnist). */
export function fashionMnistCandidates(dir?: string): string[] {
  if (dir) return [dir];
  const out: string[] = [];
  const env = process.env.NNKIT_DATA;
  if (env) out.push(env, path.join(env, 'fashion-mnist'));
  out.push(DEBIAN_FASHION_MNIST_DIR);
  out.push(path.resolve(__dirname, '..', '..', '..', 'shared', 'data', 'fashion-mnist'));
  return out;
}

/** The first candidate directory holding all four files, or a clear error listing where it looked. */
export function findFashionMnist(dir?: string): string {
  const candidates = fashionMnistCandidates(dir);
  for (const c of candidates) {
    if (Object.values(FASHION_MNIST_FILES).every((f) => existsSync(path.join(c, f)))) return c;
  }
  throw new Error(
    `loadFashionMNIST: Fashion-MNIST not found. Looked in: ${candidates.join(', ')} ` +
      `(each needs ${Object.values(FASHION_MNIST_FILES).join(', ')}). Get it with \`apt-get install dataset-fashion-mnist\` ` +
      '(Debian), or download the four files from https://github.com/zalandoresearch/fashion-mnist ' +
      'into a directory and pass it, or set NNKIT_DATA to it.',
  );
}

/** The 60k/10k split; x [N, 784], or [N, 1, 28, 28] with { images: true } (for convolutions). */
export async function loadFashionMNIST(dir?: string, opts: { images?: boolean } = {}): Promise<TrainTest> {
  const root = findFashionMnist(dir);
  const read = async (f: string) => {
    const file = path.join(root, f);
    try {
      return await readGzipIdx(file);
    } catch (e) {
      const msg = (e as Error).message;
      throw new Error(msg.startsWith(file) ? msg : `${file}: ${msg}`);
    }
  };
  const [ti, tl, si, sl] = await Promise.all(
    [
      FASHION_MNIST_FILES.trainImages,
      FASHION_MNIST_FILES.trainLabels,
      FASHION_MNIST_FILES.testImages,
      FASHION_MNIST_FILES.testLabels,
    ].map(read),
  );
  const train = toDataset(ti, tl, path.join(root, FASHION_MNIST_FILES.trainImages)),
    test = toDataset(si, sl, path.join(root, FASHION_MNIST_FILES.testImages));
  return opts.images ? { train: asImages(train), test: asImages(test) } : { train, test };
}

function toDataset(
  images: { dims: number[]; data: Uint8Array },
  labels: { dims: number[]; data: Uint8Array },
  name: string,
): Dataset {
  if (images.dims.length !== 3)
    throw new Error(`${name}: images must have 3 dimensions [N, H, W], got [${images.dims.join(', ')}]`);
  if (labels.dims.length !== 1 || labels.dims[0] !== images.dims[0]) {
    throw new Error(`${name}: ${images.dims[0]} images but labels have dimensions [${labels.dims.join(', ')}]`);
  }
  const [n, h, w] = images.dims;
  const x = new Float32Array(n * h * w);
  for (let i = 0; i < x.length; i++) x[i] = images.data[i] / 255;
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (labels.data[i] > 9) throw new Error(`${name}: label ${labels.data[i]} at row ${i} is outside 0..9`);
    y[i] = labels.data[i];
  }
  const meta = { numClasses: 10, sampleShape: [1, h, w], name: 'fashion-mnist', classNames: FASHION_CLASSES };
  return { x: new Tensor(x, [n, h * w]), y, ...meta };
}

/** The labels' names, by index (Xiao, Rasul & Vollgraf 2017). */
export const FASHION_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;
