// Fashion-MNIST for the benchmarks: x [N, 784] Float32Array scaled to [0, 1], y [N] Int32Array (0..9).
// Found at $NNKIT_DATA, ../shared/data/fashion-mnist beside the repository, or the Debian package
// dataset-fashion-mnist. IDX format (LeCun): big-endian magic, dimension sizes, then unsigned bytes.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const CANDIDATES = [
  process.env.NNKIT_DATA && path.join(process.env.NNKIT_DATA, 'fashion-mnist'),
  process.env.NNKIT_DATA,
  path.join(__dirname, '..', '..', '..', 'shared', 'data', 'fashion-mnist'),
  '/usr/share/dataset-fashion-mnist',
  '/usr/share/datasets/fashion-mnist',
].filter(Boolean);

/** The directory holding train-images-idx3-ubyte.gz, or undefined. */
function findFashionMNIST() {
  return CANDIDATES.find((d) => fs.existsSync(path.join(d, 'train-images-idx3-ubyte.gz')));
}

function readIdx(file) {
  const buf = zlib.gunzipSync(fs.readFileSync(file));
  const dims = buf[3];
  const shape = [];
  for (let i = 0; i < dims; i++) shape.push(buf.readUInt32BE(4 + 4 * i));
  return { shape, bytes: buf.subarray(4 + 4 * dims) };
}

/** The first `limit` rows of the 'train' or 't10k' split. */
function loadFashionMNIST(split = 'train', limit = Infinity) {
  const dir = findFashionMNIST();
  if (!dir) throw new Error(`Fashion-MNIST not found; looked in ${CANDIDATES.join(', ')} (set NNKIT_DATA)`);
  const images = readIdx(path.join(dir, `${split}-images-idx3-ubyte.gz`));
  const labels = readIdx(path.join(dir, `${split}-labels-idx1-ubyte.gz`));
  const n = Math.min(limit, images.shape[0]);
  const d = images.shape[1] * images.shape[2];
  const x = new Float32Array(n * d);
  for (let i = 0; i < n * d; i++) x[i] = images.bytes[i] / 255;
  return { x, y: Int32Array.from(labels.bytes.subarray(0, n)), n, d, dir };
}

module.exports = { findFashionMNIST, loadFashionMNIST };
