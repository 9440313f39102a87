// Fashion-MNIST for the benchmarks: x [N, 784] Float32Array, y [N] Int32Array (0..9). Pixels are scaled to [0, 1],
// then (with standardize, as the MLP recipe and `nnkit train` prescribe) standardized per pixel over the loaded rows:
// (x − mean) / std, std < 1e-8 → 1. Every MLP runner of compare-train.js feeds the same standardized data (PyTorch 1.13
// runs ~1.5× slower on raw [0, 1] pixels, which made earlier ratios flatter nnkit).
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
function loadFashionMNIST(split = 'train', limit = Infinity, { standardize = false } = {}) {
  const dir = findFashionMNIST();
  if (!dir) throw new Error(`Fashion-MNIST not found; looked in ${CANDIDATES.join(', ')} (set NNKIT_DATA)`);
  const images = readIdx(path.join(dir, `${split}-images-idx3-ubyte.gz`));
  const labels = readIdx(path.join(dir, `${split}-labels-idx1-ubyte.gz`));
  const n = Math.min(limit, images.shape[0]);
  const d = images.shape[1] * images.shape[2];
  const x = new Float32Array(n * d);
  for (let i = 0; i < n * d; i++) x[i] = images.bytes[i] / 255;
  if (standardize) standardizeColumns(x, n, d);
  return { x, y: Int32Array.from(labels.bytes.subarray(0, n)), n, d, dir };
}

/** x [n, d] ← (x − column mean) / column std, in place (float64 sums; std < 1e-8 → 1). */
function standardizeColumns(x, n, d) {
  const mean = new Float64Array(d),
    sq = new Float64Array(d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j];
      mean[j] += v;
      sq[j] += v * v;
    }
  for (let j = 0; j < d; j++) {
    mean[j] /= n;
    const std = Math.sqrt(Math.max(0, sq[j] / n - mean[j] * mean[j]));
    sq[j] = std < 1e-8 ? 1 : std;
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) x[i * d + j] = (x[i * d + j] - mean[j]) / sq[j];
}

module.exports = { findFashionMNIST, loadFashionMNIST };
