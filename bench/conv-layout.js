#!/usr/bin/env node
// NCHW vs NHWC for the second convolution of the bench CNN (batch 128, [32, 14, 14] → 64 channels, 3×3, pad 1),
// one thread, process CPU time, GFLOP/s of the layer's useful 2·N·OC·K·OH·OW FLOP, against the measured FMA peak:
//   layer NCHW      nnkit's Conv2d forward as it runs (wide-grid columns + per-sample GEMMs + narrowing)
//   GEMM NCHW       its GEMMs alone: 128 × W [64, 288] · col' [288, 14·16] (the wide grid, docs/conv.md)
//   GEMM NHWC       the one GEMM an NHWC layout would run: col [N·OH·OW, K] · Wᵀ → y [N·OH·OW, 64] (NHWC)
// The column matrices hold the same K·OH·OW floats per sample in both layouts (built by 288 runs of 14·16 floats
// in NCHW, by 196·9 runs of C = 32 floats in NHWC), so the GEMMs are where the layouts differ for the convolution.
//   node bench/conv-layout.js [--json]
'use strict';
const lib = require('./lib');

function main() {
  process.env.NNKIT_THREADS = '1';
  const nnkit = lib.loadNnkit();
  const b = nnkit.setBackend('native');
  const [N, C, HW, OC, K] = [128, 32, 14, 64, 288];
  const P = HW * HW,
    wideP = HW * (HW + 2);
  const flops = 2 * N * OC * K * P;
  const fill = (a) => a.forEach((_, i) => (a[i] = ((i * 7) % 17) / 17 - 0.5));
  const conv = new nnkit.Conv2d(C, OC, 3, { padding: 1, bias: false, seed: 1 });
  const x = nnkit.Tensor.zeros([N, C, HW, HW]);
  fill(x.data);
  const w = new Float32Array(OC * K),
    col = new Float32Array(K * wideP),
    y = new Float32Array(OC * wideP);
  const colT = new Float32Array(N * P * K),
    yNhwc = new Float32Array(N * P * OC);
  [w, col, colT].forEach(fill);
  const nchwGemms = () => {
    for (let n = 0; n < N; n++) b.gemm(false, false, OC, wideP, K, 1, w, K, col, wideP, 0, y, wideP);
  };
  const nhwcGemm = () => b.gemm(false, true, N * P, OC, K, 1, colT, K, w, K, 0, yNhwc, OC);
  const machine = lib.machineInfo(nnkit);
  const peak = lib.fmaPeak(machine.backend?.simd === 'avx512' ? 'avx512' : 'avx2', 1);
  const rows = [
    ['layer NCHW (Conv2d forward)', () => conv.forward(x)],
    ['GEMM NCHW (128 per-sample GEMMs, wide grid)', nchwGemms],
    ['GEMM NHWC (one [N·P, K]·[K, OC] GEMM)', nhwcGemm],
  ].map(([name, fn]) => {
    const g = lib.cpuGflops(fn, flops);
    return { ...lib.result(name, g, 'GFLOP/s'), peakShare: peak ? g / peak : null };
  });
  lib.report({
    title: 'Second conv layer, NCHW vs NHWC (GFLOP/s of useful FLOP, 1 thread, CPU time)',
    machine,
    results: rows,
    rows: rows.map((r) => ({ ...r, share: r.peakShare ? `${(100 * r.peakShare).toFixed(0)} %` : '—' })),
    columns: [
      ['name', 'benchmark'],
      ['value', 'GFLOP/s'],
      ['share', `of the FMA peak ${peak ? lib.fmt(peak) : '?'}`],
    ],
  });
}

main();
