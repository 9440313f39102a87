#!/usr/bin/env node
// BatchNorm kernels over [N, D] (S = 1), GB/s: nnkit native beside nnkit's JS backend and beside memcpy
// (TypedArray.set, one thread) of the same shape, in this one process, interleaved, fastest sample of --rounds;
// and the BatchNorm + ReLU fusion against the two calls it replaces (BatchNorm, then ReLU in place; ReLU backward
// in place, then BatchNorm backward), as a speed-up ratio.
//   npm run bench -- batchnorm [--json] [--seconds S] [--rounds R] [--threads T] [--simd avx2|sse2|scalar]
//                              [--shapes 128x512,...]
// GB/s counts the bytes a kernel must move once: forward x read + y written (8 B per element, as a copy),
// backward x, dy read + dx written (12 B; the fused one also reads y: 16 B). The statistics need a second read of
// x (forward) and of x, dy (backward), so a kernel that streams from memory tops out near 2/3 (forward) and
// 3/5 (backward) of copy bandwidth by this count. Target (issue [layers], ReLU-like kernels): ≥ 70 % of copy.
// The "% copy, all passes" column counts every pass over an array instead (forwardTrain 12 B, backward 20 B, the
// fused ones 12 B and 28 B, the two-call pairs 20 B and 32 B): how close the passes run to copy speed.
// Why [128, 512] and [128, 4096] stay below 70 % of copy (2026-11-26, Zen 4, AVX-512): besides the two passes,
// the per-channel kernels run at ~1 cycle a value on one core, not copy speed, because every vector of a row
// also loads its per-channel vectors (mean, scale, bias: 3 for the affine pass, 4 for backward dx), and on a
// 4096-wide row those (48 KiB) fall out of L1 between rows. Measured on one thread at [128, 4096]: affine pass
// 89 µs against 47 µs for ReLU over the same bytes; scale only (1 vector) 65 µs; walking 64-channel strips down the
// rows with the constants in registers was slower for passes that store (155 µs), faster for the statistics
// (61 → 50 µs, kept). Channels split over two threads from 2^18 values (batchnorm.cc) roughly double it.
'use strict';
const lib = require('./lib');

const { SECONDS, ROUNDS, SHAPES } = lib.bandwidthOptions();
const EPS = 1e-5;

const nnkit = lib.loadNnkit();
const native = nnkit.getBackend('native');
const js = nnkit.getBackend('js');

// name, bytes per element, call(backend, buffers, N, D), bytes per element over all passes
const KERNELS = [
  [
    'forwardTrain',
    8,
    (b, t, N, D) => b.batchNormForwardTrain(N, D, 1, t.x, t.gamma, t.beta, EPS, t.y, t.mean, t.variance, t.invStd),
    12,
  ],
  [
    'forwardInfer',
    8,
    (b, t, N, D) => b.batchNormForwardInfer(N, D, 1, t.x, t.gamma, t.beta, t.mean, t.variance, EPS, t.y),
    8,
  ],
  [
    'backward',
    12,
    (b, t, N, D) => b.batchNormBackward(N, D, 1, t.x, t.dy, t.gamma, t.mean, t.invStd, t.dx, t.dgamma, t.dbeta),
    20,
  ],
  [
    'forwardTrain + relu (2 calls)',
    8,
    (b, t, N, D) => {
      b.batchNormForwardTrain(N, D, 1, t.x, t.gamma, t.beta, EPS, t.y, t.mean, t.variance, t.invStd);
      b.activationForward('relu', t.y, t.y, 0);
    },
    20,
  ],
  [
    'reluForwardTrain (fused)',
    8,
    (b, t, N, D) => b.batchNormReluForwardTrain(N, D, 1, t.x, t.gamma, t.beta, EPS, t.y, t.mean, t.variance, t.invStd),
    12,
  ],
  [
    'relu backward + backward (2 calls)',
    16,
    (b, t, N, D) => {
      b.activationBackward('relu', t.y, t.y, t.dy, t.g, 0);
      b.batchNormBackward(N, D, 1, t.x, t.g, t.gamma, t.mean, t.invStd, t.dx, t.dgamma, t.dbeta);
    },
    32,
  ],
  [
    'reluBackward (fused)',
    16,
    (b, t, N, D) =>
      b.batchNormReluBackward(N, D, 1, t.x, t.y, t.dy, t.gamma, t.mean, t.invStd, t.dx, t.dgamma, t.dbeta),
    28,
  ],
];
const FUSIONS = [
  ['reluForwardTrain (fused)', 'forwardTrain + relu (2 calls)'],
  ['reluBackward (fused)', 'relu backward + backward (2 calls)'],
];

function buffers(N, D) {
  const n = N * D,
    fill = (len, seed, lo, hi) => {
      const a = new Float32Array(len);
      let s = seed;
      for (let i = 0; i < len; i++) {
        s = (s * 1103515245 + 12345) >>> 0;
        a[i] = lo + (hi - lo) * (s / 2 ** 32);
      }
      return a;
    };
  return {
    x: fill(n, 1, -2, 3),
    dy: fill(n, 2, -1, 1),
    y: new Float32Array(n),
    dx: new Float32Array(n),
    g: new Float32Array(n),
    gamma: fill(D, 3, 0.5, 2),
    beta: fill(D, 4, -1, 1),
    mean: new Float32Array(D),
    variance: new Float32Array(D).fill(1),
    invStd: new Float32Array(D).fill(1),
    dgamma: new Float32Array(D),
    dbeta: new Float32Array(D),
  };
}

const gbps = (fn, bytes) => lib.fastestGBps(fn, bytes, SECONDS);

const best = (a, b) => (a === undefined || b > a ? b : a);
const rows = [],
  results = [];
for (const [N, D] of SHAPES) {
  const n = N * D,
    shape = `[${N}, ${D}]`,
    t = buffers(N, D),
    dst = new Float32Array(n);
  KERNELS[0][2](native, t, N, D); // statistics for the infer and backward calls
  let copy;
  const got = KERNELS.map(() => ({}));
  for (let round = 0; round < ROUNDS; round++) {
    copy = best(
      copy,
      gbps(() => dst.set(t.x), 8 * n),
    );
    KERNELS.forEach(([, bytes, call], k) => {
      got[k].native = best(
        got[k].native,
        gbps(() => call(native, t, N, D), bytes * n),
      );
      got[k].js = best(
        got[k].js,
        gbps(() => call(js, t, N, D), bytes * n),
      );
    });
  }
  rows.push({ kernel: 'memcpy (TypedArray.set)', shape, native: copy });
  results.push(lib.result(`memcpy ${shape}`, copy, 'GB/s'));
  KERNELS.forEach(([name, bytes, , moved], k) => {
    const { native: nv, js: jv } = got[k];
    rows.push({
      kernel: name,
      shape,
      native: nv,
      js: jv,
      vsJs: nv / jv,
      ofCopy: `${Math.round((100 * nv) / copy)} %`,
      ofCopyAll: `${Math.round((100 * nv * moved) / bytes / copy)} %`,
    });
    results.push(lib.result(`batchNorm ${name} ${shape} native`, nv, 'GB/s', `memcpy ${shape}`, copy));
    results.push(lib.result(`batchNorm ${name} ${shape} native`, nv, 'GB/s', `batchNorm ${name} ${shape} js`, jv));
  });
  for (const [fused, pair] of FUSIONS) {
    const f = got[KERNELS.findIndex(([k]) => k === fused)].native,
      p = got[KERNELS.findIndex(([k]) => k === pair)].native;
    rows.push({ kernel: `  fusion speed-up: ${fused}`, shape, native: f / p });
    results.push(lib.result(`batchNorm ${fused} ${shape} native`, f, 'GB/s', `batchNorm ${pair} ${shape} native`, p));
  }
}

const info = native.info();
lib.report({
  title: `BatchNorm kernels over [N, D], GB/s (native ${info.simd}, ${info.threads} thread${info.threads > 1 ? 's' : ''}; memcpy one thread)`,
  machine: lib.machineInfo(nnkit),
  results,
  rows,
  columns: [
    ['kernel', 'kernel'],
    ['shape', 'shape'],
    ['native', 'native GB/s'],
    ['js', 'JS GB/s'],
    ['vsJs', 'native/JS'],
    ['ofCopy', '% copy'],
    ['ofCopyAll', '% copy, all passes'],
  ],
  notes: [
    `fastest ≥ 2 ms sample of ${ROUNDS} interleaved rounds of ${SECONDS} s each; bytes = arrays read + written once`,
    'fusion speed-up rows: fused GB/s over the two-call GB/s (same bytes counted), native',
  ],
});
