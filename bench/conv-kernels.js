#!/usr/bin/env node
// The bench CNN's convolution and max-pooling kernels one by one (batch 128, one thread, process CPU time): forward,
// backward data and backward filter (no bias) of conv1 (1→32, 28×28) and conv2 (32→64, 14×14), 3×3, pad 1, in
// GFLOP/s of the useful 2·N·OC·C·9·OH·OW FLOP against the measured FMA peak, and the 2×2 max pools forward and
// backward in ms. To compare two builds, run it on each (NNKIT_NATIVE_PATH=<other .node>) alternately under the
// bench lock (docs/conv.md).
//   node bench/conv-kernels.js [--json]
'use strict';
const lib = require('./lib');

const fill = (a) => {
  for (let i = 0; i < a.length; i++) a[i] = ((i * 7) % 17) / 17 - 0.5;
  return a;
};

function convRows(b, name, C, HW, OC, peak) {
  const N = 128;
  const s = { N, C, H: HW, W: HW, kernelH: 3, kernelW: 3, strideH: 1, strideW: 1, padH: 1, padW: 1 };
  Object.assign(s, { dilationH: 1, dilationW: 1 });
  const x = fill(new Float32Array(N * C * HW * HW)),
    w = fill(new Float32Array(OC * C * 9)),
    dy = fill(new Float32Array(N * OC * HW * HW));
  const y = new Float32Array(dy.length),
    dx = new Float32Array(x.length),
    dw = new Float32Array(w.length);
  const flops = 2 * N * OC * C * 9 * HW * HW;
  return [
    ['forward', () => b.conv2dForward(s, OC, x, w, null, y)],
    ['backward data', () => b.conv2dBackwardData(s, OC, dy, w, dx)],
    ['backward filter', () => b.conv2dBackwardFilter(s, OC, x, dy, dw, null)],
  ].map(([what, fn]) => {
    const g = lib.cpuGflops(fn, flops);
    return { ...lib.result(`${name} ${what}`, g, 'GFLOP/s'), share: peak ? `${((100 * g) / peak).toFixed(0)} %` : '—' };
  });
}

function poolRows(b, C, HW) {
  const N = 128,
    OHW = HW / 2;
  const s = { N, C, H: HW, W: HW, kernelH: 2, kernelW: 2, strideH: 2, strideW: 2, padH: 0, padW: 0 };
  const x = fill(new Float32Array(N * C * HW * HW)).map((v, i) => v + Math.sin(i));
  const n = N * C * OHW * OHW;
  const y = new Float32Array(n),
    at = new Int32Array(n),
    dy = fill(new Float32Array(n)),
    dx = new Float32Array(x.length);
  const ms = (fn) => 1 / lib.cpuGflops(fn, 1e6); // 1e6 "FLOP" per call: GFLOP/s⁻¹ is ms per call
  b.maxPool2dForward(s, x, y, at);
  return [
    ['forward', () => b.maxPool2dForward(s, x, y, at)],
    ['backward', () => b.maxPool2dBackward(s, dy, at, dx)],
  ].map(([what, fn]) => ({ ...lib.result(`max pool [128, ${C}, ${HW}, ${HW}] ${what}`, ms(fn), 'ms'), share: '' }));
}

function main() {
  process.env.NNKIT_THREADS = '1';
  const nnkit = lib.loadNnkit();
  const b = nnkit.setBackend('native');
  const machine = lib.machineInfo(nnkit);
  const peak = lib.fmaPeak(machine.backend?.simd === 'avx512' ? 'avx512' : 'avx2', 1);
  const rows = [
    ...convRows(b, 'conv1 1→32 28×28', 1, 28, 32, peak),
    ...convRows(b, 'conv2 32→64 14×14', 32, 14, 64, peak),
    ...poolRows(b, 32, 28),
    ...poolRows(b, 64, 14),
  ];
  lib.report({
    title: 'The bench CNN’s conv and pool kernels (batch 128, 1 thread, CPU time)',
    machine,
    results: rows,
    rows,
    columns: [
      ['name', 'kernel'],
      ['value', 'value'],
      ['unit', 'unit'],
      ['share', `of the FMA peak ${peak ? lib.fmt(peak) : '?'}`],
    ],
  });
}

main();
