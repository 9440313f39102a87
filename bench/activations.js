#!/usr/bin/env node
// Activation and softmax kernels, GB/s: nnkit native beside nnkit's JS backend and beside memcpy (TypedArray.set,
// one thread) of the same shape, all measured in this one process, interleaved, fastest sample of --rounds.
//   npm run bench -- activations [--json] [--seconds S] [--rounds R] [--threads T] [--simd avx2|sse2|scalar]
//                                [--kernels relu,sigmoid,...] [--shapes 128x512,...]
// GB/s counts the bytes each kernel must move once: forward x read + y written (8 B per element, the same as a
// copy); backward the arrays it reads (x and/or y, dy) plus dx written (12 or 16 B). "% copy" = kernel GB/s over
// memcpy GB/s of the same shape; targets (issue [layers]): ≥ 70 % for ReLU-like kernels, ≥ 50 % for exp-based ones.
// --threads / --simd set NNKIT_THREADS / NNKIT_SIMD before the addon loads (default: every core, best ISA).
// Where the exp-based target is missed, [128, 512] (2^16 elements, one thread: kernels/activations.cc), the kernels
// are compute-bound: on the 2-core EPYC (Zen 4, AVX-512, FMA peak 117 GFLOP/s = one zmm FMA a cycle at ~3.7 GHz)
// exp alone takes 0.19 ns an element (~11 cycles per 16 lanes: ~10 FMA-pipe ops of range reduction, degree-5
// polynomial and scaling), sigmoid 0.29, tanh 0.32, ELU 0.26, against 0.07 for an L2-resident copy; 50 % of copy
// needs ≤ 0.14 ns, less than exp by itself. A cheaper division (rcp14 + Newton) and one clamp fewer in sigmoid
// gave nothing (18.9 → 18.5-19.6 µs). Two threads would give ~45 % there (quiet machine) and stall under load.
'use strict';
const lib = require('./lib');

const opt = lib.option;
const { SECONDS, ROUNDS, SHAPES } = lib.bandwidthOptions();

const nnkit = lib.loadNnkit();
const native = nnkit.getBackend('native');
const js = nnkit.getBackend('js');

// name, bytes per element, target fraction of copy, call(backend, buffers, rows, cols)
const KERNELS = [
  ['relu', 8, 0.7, (b, t) => b.activationForward('relu', t.x, t.y, 0)],
  ['relu backward', 12, 0.7, (b, t) => b.activationBackward('relu', t.x, t.y, t.dy, t.dx, 0)],
  ['leaky-relu', 8, 0.7, (b, t) => b.activationForward('leaky-relu', t.x, t.y, 0.1)],
  ['leaky-relu backward', 12, 0.7, (b, t) => b.activationBackward('leaky-relu', t.x, t.y, t.dy, t.dx, 0.1)],
  ['prelu (per channel)', 8, 0.7, (b, t, r, c) => b.preluForward(r, c, t.x, t.slope, t.y)],
  ['prelu backward', 12, 0.7, (b, t, r, c) => b.preluBackward(r, c, t.x, t.dy, t.slope, t.dx, t.dslope)],
  ['sigmoid', 8, 0.5, (b, t) => b.activationForward('sigmoid', t.x, t.y, 0)],
  ['sigmoid backward', 12, 0.7, (b, t) => b.activationBackward('sigmoid', t.x, t.y, t.dy, t.dx, 0)],
  ['tanh', 8, 0.5, (b, t) => b.activationForward('tanh', t.x, t.y, 0)],
  ['tanh backward', 12, 0.7, (b, t) => b.activationBackward('tanh', t.x, t.y, t.dy, t.dx, 0)],
  ['elu', 8, 0.5, (b, t) => b.activationForward('elu', t.x, t.y, 1)],
  ['elu backward', 16, 0.7, (b, t) => b.activationBackward('elu', t.x, t.y, t.dy, t.dx, 1)],
  ['softmax (rows)', 8, 0.5, (b, t, r, c) => b.softmax(r, c, t.x, t.y)],
  ['softmax cross-entropy', 8, 0.5, (b, t, r, c) => b.softmaxCrossEntropy(r, c, t.x, t.labels, t.dx)],
];
const wanted = opt('--kernels');
const kernels = wanted ? KERNELS.filter(([n]) => wanted.split(',').some((w) => n.startsWith(w))) : KERNELS;

function buffers(rows, cols) {
  const n = rows * cols,
    fill = (seed, lo, hi) => {
      const a = new Float32Array(n);
      let s = seed;
      for (let i = 0; i < n; i++) {
        s = (s * 1103515245 + 12345) >>> 0;
        a[i] = lo + (hi - lo) * (s / 2 ** 32);
      }
      return a;
    };
  return {
    x: fill(1, -4, 4),
    y: fill(2, 0.05, 0.95),
    dy: fill(3, -1, 1),
    dx: new Float32Array(n),
    slope: new Float32Array(cols).fill(0.25),
    dslope: new Float32Array(cols),
    labels: Int32Array.from({ length: rows }, (_, i) => i % cols),
  };
}

const gbps = (fn, bytes) => lib.fastestGBps(fn, bytes, SECONDS);
const best = (a, b) => (a === undefined || b > a ? b : a);

const rows = [],
  results = [];
for (const [r, c] of SHAPES) {
  const n = r * c,
    shape = `[${r}, ${c}]`,
    t = buffers(r, c),
    src = t.x,
    dst = new Float32Array(n);
  let copy;
  const got = kernels.map(() => ({}));
  for (let round = 0; round < ROUNDS; round++) {
    copy = best(
      copy,
      gbps(() => dst.set(src), 8 * n),
    );
    kernels.forEach(([, bytes, , call], k) => {
      got[k].native = best(
        got[k].native,
        gbps(() => call(native, t, r, c), bytes * n),
      );
      got[k].js = best(
        got[k].js,
        gbps(() => call(js, t, r, c), bytes * n),
      );
    });
  }
  rows.push({ kernel: 'memcpy (TypedArray.set)', shape, native: copy });
  results.push(lib.result(`memcpy ${shape}`, copy, 'GB/s'));
  kernels.forEach(([name, , target], k) => {
    const { native: nv, js: jv } = got[k];
    rows.push({
      kernel: name,
      shape,
      native: nv,
      js: jv,
      vsJs: nv / jv,
      ofCopy: `${Math.round((100 * nv) / copy)} %`,
      target: `${Math.round(100 * target)} %`,
      met: nv >= target * copy ? 'yes' : 'no',
    });
    results.push(lib.result(`${name} ${shape} native`, nv, 'GB/s', `memcpy ${shape}`, copy));
    results.push(lib.result(`${name} ${shape} native`, nv, 'GB/s', `${name} ${shape} js`, jv));
  });
}

const info = native.info();
lib.report({
  title: `activation kernels, GB/s (native ${info.simd}, ${info.threads} thread${info.threads > 1 ? 's' : ''}; memcpy one thread)`,
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
    ['target', 'target'],
    ['met', 'met'],
  ],
  notes: [
    `fastest ≥ 2 ms sample of ${ROUNDS} interleaved rounds of ${SECONDS} s each; bytes = arrays read + written once`,
  ],
});
