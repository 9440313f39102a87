#!/usr/bin/env node
// SGEMM throughput, GFLOP/s: nnkit native (each SIMD path this CPU has, 1 and 2 threads), nnkit's JS backend,
// a naive JS i-k-j loop, and OpenBLAS through numpy (bench/peers/numpy_gemm.py) with OPENBLAS_CORETYPE=SkylakeX
// and as detected, side by side in one run; % of the FMA peak measured by bench/lib/fma-peak.c.
//   npm run bench -- gemm [--json] [--full] [--seconds S] [--rounds R] [--clock auto|wall] [--threads 1,2]
//                         [--shapes 1024x1024x1024,512x784x128:tn,...]
// --full adds N = 1024 and 2048 for the JS backend (minutes); --seconds sets the time per measurement (default
// 0.3); --rounds R repeats the native / OpenBLAS / FMA-peak passes R times (default 2), interleaved, and keeps each
// one's best, which is what a shared, loaded machine can report honestly. --clock auto (default) times the
// 1-thread rows (nnkit, OpenBLAS, JS) in process CPU time, so other processes on a shared machine do not count,
// and the 2-thread rows in wall time (the only honest measure of a parallel speedup, and noisy under load);
// --clock wall uses wall time everywhere.
// bf16 (where the CPU has AVX512_BF16): nnkit's gemmBf16 beside PyTorch's bf16 matmul (bench/peers/torch_gemm.py,
// Debian python3-torch, oneDNN; handed bf16 tensors, and fp32 ones it converts per call) and the vdpbf16ps peak
// (fma-peak.c avx512bf16), and as a ratio to nnkit fp32; "nnkit bf16 bits" hands gemmBf16 both operands as bf16
// bits (toBf16Bits, converted once outside the timing), like PyTorch's bf16 tensors: the like-with-like ratio.
// Native and OpenBLAS run in child processes so each gets its thread count at load (NNKIT_THREADS,
// OPENBLAS_NUM_THREADS). Shapes: squares, and the dense layer 784 → 512 at batch 128:
//   forward Y = X·Wᵀ (128×512×784, B transposed); dX = dY·W (128×784×512); dW = dYᵀ·X (512×784×128, A transposed).
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const lib = require('./lib');

const argv = process.argv.slice(2);
const opt = lib.option;
const SECONDS = Number(opt('--seconds', '0.3'));
const FULL = argv.includes('--full');
const ROUNDS = Math.max(1, Number(opt('--rounds', '2')));
const CLOCK = opt('--clock', 'auto');
const cpuClock = (threads) => CLOCK !== 'wall' && threads === 1;
const THREADS = opt('--threads', '1,2').split(',').map(Number);

const ALL_SHAPES = [
  ...[128, 256, 512, 1024, 2048].map((n) => ({ name: `${n}³`, m: n, n, k: n, ta: false, tb: false })),
  { name: 'fwd X·Wᵀ 128×512×784', m: 128, n: 512, k: 784, ta: false, tb: true },
  { name: 'dX = dY·W 128×784×512', m: 128, n: 784, k: 512, ta: false, tb: false },
  { name: 'dW = dYᵀ·X 512×784×128', m: 512, n: 784, k: 128, ta: true, tb: false },
];
const key = (s) => `${s.m}x${s.n}x${s.k}${s.ta || s.tb ? `:${s.ta ? 't' : 'n'}${s.tb ? 't' : 'n'}` : ''}`;
const only = opt('--shapes', null)?.split(',');
const SHAPES = only ? ALL_SHAPES.filter((s) => only.includes(key(s))) : ALL_SHAPES;
if (SHAPES.length === 0) throw new Error(`--shapes: expected some of ${ALL_SHAPES.map(key).join(',')}`);
const flops = (s) => 2 * s.m * s.n * s.k;

// Operands for op(A)[m,k]·op(B)[k,n], stored as the transposes say, values in [-1, 1).
function operands(s) {
  const fill = (len, seed) => {
    const a = new Float32Array(len);
    let x = seed;
    for (let i = 0; i < len; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      a[i] = x / 2 ** 31 - 1;
    }
    return a;
  };
  return {
    A: fill(s.m * s.k, 1),
    lda: s.ta ? s.m : s.k,
    B: fill(s.k * s.n, 2),
    ldb: s.tb ? s.k : s.n,
    C: new Float32Array(s.m * s.n),
  };
}

// `as` turns A and B into what `gemm` is handed (toBf16Bits: bf16 bits), outside the timing.
function measure(gemm, s, seconds = SECONDS, cpu = false, as = (x) => x) {
  const o = operands(s);
  const { lda, ldb, C } = o,
    A = as(o.A),
    B = as(o.B);
  const call = () => gemm(s.ta, s.tb, s.m, s.n, s.k, 1, A, lda, B, ldb, 0, C, s.n);
  return cpu
    ? lib.cpuGflops(call, flops(s), { seconds })
    : lib.gflops(call, flops(s), { maxTime: seconds, minSamples: 2 });
}

// The naive loop the JS backend must beat by ≥ 3×: C[i,:] += A[i,p]·B[p,:] (op(·) through index arithmetic).
function naiveIkj(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc) {
  for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) C[i * ldc + j] *= beta;
  for (let i = 0; i < M; i++) {
    for (let p = 0; p < K; p++) {
      const a = alpha * (ta ? A[p * lda + i] : A[i * lda + p]),
        ci = i * ldc;
      if (tb) for (let j = 0; j < N; j++) C[ci + j] += a * B[j * ldb + p];
      else for (let j = 0, bp = p * ldb; j < N; j++) C[ci + j] += a * B[bp + j];
    }
  }
}

// Child: `gemm.js --child` measures the native backend (NNKIT_THREADS / NNKIT_SIMD from the environment).
if (argv.includes('--child')) {
  const nnkit = lib.loadNnkit();
  const b = nnkit.getBackend('native');
  const out = { info: b.info(), gflops: {} };
  const cpu = argv.includes('--cpu-clock');
  for (const s of SHAPES) out.gflops[key(s)] = measure(b.gemm, s, SECONDS, cpu);
  if (out.info.bf16) {
    out.bf16 = {};
    out.bf16Bits = {};
    for (const s of SHAPES) {
      out.bf16[key(s)] = measure(b.gemmBf16, s, SECONDS, cpu);
      out.bf16Bits[key(s)] = measure(b.gemmBf16, s, SECONDS, cpu, nnkit.toBf16Bits);
    }
  }
  console.log(JSON.stringify(out));
  process.exit(0);
}

function child(env) {
  const cpu = cpuClock(Number(env.NNKIT_THREADS)) ? ['--cpu-clock'] : [];
  const r = spawnSync(
    process.execPath,
    [__filename, '--child', '--seconds', String(SECONDS), ...cpu, ...(only ? ['--shapes', only.join(',')] : [])],
    { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (r.status !== 0) return null;
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const PYTHON = ['/usr/bin/python3', 'python3'].find(
  (p) => spawnSync(p, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0,
);
function openblas(threads, coretype) {
  if (!PYTHON) return null;
  const env = { ...process.env, OPENBLAS_NUM_THREADS: String(threads) };
  delete env.OPENBLAS_CORETYPE;
  if (coretype) env.OPENBLAS_CORETYPE = coretype;
  const r = spawnSync(
    PYTHON,
    [
      path.join(__dirname, 'peers', 'numpy_gemm.py'),
      '--shapes',
      SHAPES.map(key).join(','),
      '--seconds',
      String(SECONDS),
      '--clock',
      cpuClock(threads) ? 'cpu' : 'wall',
    ],
    { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (r.status !== 0) return null;
  const out = JSON.parse(r.stdout.trim().split('\n').pop());
  return { core: out.blas.core, gflops: Object.fromEntries(out.results.map((x) => [x.shape, x.gflops])) };
}

// PyTorch's bf16 matmul on `threads` threads, handed bf16 tensors or fp32 ones it converts in each call (inputs
// 'bf16' | 'fp32', torch_gemm.py --inputs): { version, gflops: { shape: GFLOP/s } }, or null without torch.
function torchBf16(threads, inputs) {
  if (!PYTHON || spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status !== 0) return null;
  const r = spawnSync(
    PYTHON,
    [
      path.join(__dirname, 'peers', 'torch_gemm.py'),
      ...['--threads', String(threads), '--shapes', SHAPES.map(key).join(','), '--seconds', String(SECONDS)],
      ...['--clock', cpuClock(threads) ? 'cpu' : 'wall', '--inputs', inputs],
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (r.status !== 0) return null;
  const out = JSON.parse(r.stdout.trim().split('\n').pop());
  return { version: out.version, gflops: Object.fromEntries(out.results.map((x) => [x.shape, x.gflops])) };
}

const nnkit = lib.loadNnkit();
const machine = lib.machineInfo(nnkit);
const simd = nnkit.getBackend('native').info().simd;
const bf16 = nnkit.getBackend('native').info().bf16;
const js = nnkit.getBackend('js');
const results = [],
  rows = [],
  notes = [];
const peak = {};
const best = (a, b) => {
  if (!a || !b) return a ?? b;
  const out = {
    ...a,
    gflops: { ...a.gflops },
    bf16: a.bf16 && { ...a.bf16 },
    bf16Bits: a.bf16Bits && { ...a.bf16Bits },
  };
  for (const [k, v] of Object.entries(b.gflops)) out.gflops[k] = Math.max(v, out.gflops[k] ?? 0);
  for (const [k, v] of Object.entries(b.bf16 ?? {})) out.bf16[k] = Math.max(v, out.bf16[k] ?? 0);
  for (const [k, v] of Object.entries(b.bf16Bits ?? {})) out.bf16Bits[k] = Math.max(v, out.bf16Bits[k] ?? 0);
  return out;
};
const maxOrNull = (a, b) => (a === null || a === undefined ? b : b === null ? a : Math.max(a, b));

const jsFigures = {};
for (const s of THREADS.includes(1) ? SHAPES : []) {
  if (s.m >= 1024 && !FULL) continue;
  jsFigures[key(s)] = {
    js: measure(js.gemm, s, s.m >= 1024 ? 0.05 : SECONDS, cpuClock(1)),
    naive: s.m <= 512 || s.m * s.n * s.k < 1e8 ? measure(naiveIkj, s, SECONDS, cpuClock(1)) : null,
  };
}

for (const t of THREADS) {
  let native = null,
    avx2 = null,
    skx = null,
    detected = null,
    torch = null,
    torchF32In = null;
  for (let r = 0; r < ROUNDS; r++) {
    if (bf16) peak[`avx512bf16/${t}`] = maxOrNull(peak[`avx512bf16/${t}`], lib.fmaPeak('avx512bf16', t));
    if (bf16) torch = best(torch, torchBf16(t, 'bf16'));
    if (bf16) torchF32In = best(torchF32In, torchBf16(t, 'fp32'));
    for (const isa of ['avx512', 'avx2']) peak[`${isa}/${t}`] = maxOrNull(peak[`${isa}/${t}`], lib.fmaPeak(isa, t));
    native = best(native, child({ NNKIT_THREADS: String(t) }));
    skx = best(skx, openblas(t, 'SkylakeX'));
    if (simd === 'avx512') avx2 = best(avx2, child({ NNKIT_THREADS: String(t), NNKIT_SIMD: 'avx2' }));
    detected = best(detected, openblas(t, null));
  }
  if (!native) notes.push(`native backend failed with ${t} thread(s)`);
  if (t === THREADS[0]) {
    if (!PYTHON) notes.push('OpenBLAS peer skipped: no python3 with numpy');
    else if (detected)
      notes.push(`OpenBLAS via ${PYTHON} numpy; detected core: ${detected.core}; forced: ${skx?.core}`);
  }
  const topPeak = peak[`${simd === 'avx512' ? 'avx512' : 'avx2'}/${t}`];
  for (const s of SHAPES) {
    const k = key(s);
    const v = native?.gflops[k] ?? null;
    const peer = skx?.gflops[k] ?? null;
    const a2 = avx2?.gflops[k] ?? null;
    const jf = t === 1 ? jsFigures[k] : undefined;
    const vb = native?.bf16?.[k] ?? null,
      vbits = native?.bf16Bits?.[k] ?? null,
      tb = torch?.gflops[k] ?? null,
      tf = torchF32In?.gflops[k] ?? null,
      bfPeak = peak[`avx512bf16/${t}`];
    rows.push({
      shape: s.name,
      t,
      native: v,
      pctPeak: v && topPeak ? (100 * v) / topPeak : null,
      skx: peer,
      ratio: v && peer ? v / peer : null,
      detected: detected?.gflops[k] ?? null,
      avx2: a2,
      pctAvx2: a2 && peak[`avx2/${t}`] ? (100 * a2) / peak[`avx2/${t}`] : null,
      js: jf?.js ?? null,
      jsVsNaive: jf?.naive ? jf.js / jf.naive : null,
      bf16: vb,
      pctBf16Peak: vb && bfPeak ? (100 * vb) / bfPeak : null,
      bf16VsF32: vb && v ? vb / v : null,
      torchBf16: tb,
      bf16VsTorch: vb && tb ? vb / tb : null,
      torchF32In: tf,
      bf16VsTorchF32In: vb && tf ? vb / tf : null,
      bf16Bits: vbits,
      pctBitsPeak: vbits && bfPeak ? (100 * vbits) / bfPeak : null,
      bitsVsTorch: vbits && tb ? vbits / tb : null,
    });
    const base = `gemm ${k} threads=${t}`;
    if (vb !== null) results.push(lib.result(`${base} native bf16`, vb, 'GFLOP/s', tb ? 'torch-bf16' : null, tb));
    if (vb !== null && bfPeak)
      results.push(lib.result(`${base} native bf16 % of vdpbf16ps peak`, (100 * vb) / bfPeak, '%'));
    if (tb !== null) results.push(lib.result(`${base} torch-bf16`, tb, 'GFLOP/s'));
    if (vbits !== null)
      results.push(lib.result(`${base} native bf16, bf16 inputs both`, vbits, 'GFLOP/s', tb ? 'torch-bf16' : null, tb));
    if (vbits !== null && bfPeak)
      results.push(lib.result(`${base} native bf16 bf16-inputs % of vdpbf16ps peak`, (100 * vbits) / bfPeak, '%'));
    if (vb !== null && tf !== null)
      results.push(lib.result(`${base} native bf16, fp32 inputs both`, vb, 'GFLOP/s', 'torch-bf16-fp32-inputs', tf));
    if (v !== null)
      results.push(lib.result(`${base} native ${simd}`, v, 'GFLOP/s', peer ? 'openblas-skylakex' : null, peer));
    if (v !== null && topPeak)
      results.push(lib.result(`${base} native ${simd} % of FMA peak`, (100 * v) / topPeak, '%'));
    if (a2 !== null)
      results.push(lib.result(`${base} native avx2`, a2, 'GFLOP/s', peer ? 'openblas-skylakex' : null, peer));
    if (a2 !== null && peak[`avx2/${t}`])
      results.push(lib.result(`${base} native avx2 % of AVX2 FMA peak`, (100 * a2) / peak[`avx2/${t}`], '%'));
    if (peer !== null) results.push(lib.result(`${base} openblas-skylakex`, peer, 'GFLOP/s'));
    if (detected)
      results.push(lib.result(`${base} openblas-detected (${detected.core})`, detected.gflops[k], 'GFLOP/s'));
    if (jf) results.push(lib.result(`${base} js`, jf.js, 'GFLOP/s', jf.naive ? 'js-naive-ikj' : null, jf.naive));
    if (jf?.naive) results.push(lib.result(`${base} js-naive-ikj`, jf.naive, 'GFLOP/s'));
  }
}
for (const [k, v] of Object.entries(peak))
  results.push(lib.result(`fma peak ${k.replace('/', ' threads=')}`, v ?? NaN, 'GFLOP/s'));
notes.push(
  `FMA peak GFLOP/s (bench/lib/fma-peak.c, best of ${ROUNDS}): ${Object.entries(peak)
    .map(([k, v]) => `${k} thr ${v ?? '—'}`)
    .join(', ')}`,
);
if (bf16)
  notes.push(
    'bf16 inputs: nnkit bf16 is handed fp32 A and B and rounds them to bf16 while packing (C fp32); "nnkit bf16 bits" is handed both as bf16 bits (Uint16Array, C fp32); "torch bf16" is handed bf16 tensors (no conversion, half the bytes read; C bf16); "torch f32-in" is handed fp32 tensors and converts both in every call (.to(bfloat16), then the same matmul)',
  );
notes.push(
  CLOCK === 'wall'
    ? 'all rows in wall time'
    : '1-thread rows in process CPU time (other processes do not count), 2-thread rows in wall time; FMA peak in per-thread CPU time',
);
notes.push(
  `every figure is the best of ${ROUNDS} interleaved rounds; ratio = nnkit native / OpenBLAS SkylakeX, same run; js/naive = JS backend / naive i-k-j JS loop; figures from a shared machine`,
);

lib.report({
  title: 'SGEMM, GFLOP/s',
  machine,
  results,
  rows,
  columns: [
    ['shape', 'shape'],
    ['t', 'thr'],
    ['native', `nnkit ${simd}`],
    ['pctPeak', '% peak'],
    ['skx', 'OpenBLAS skx'],
    ['ratio', 'ratio'],
    ['detected', 'OpenBLAS det'],
    ['avx2', 'nnkit avx2'],
    ['pctAvx2', '% avx2 pk'],
    ['js', 'js'],
    ['jsVsNaive', 'js/naive'],
    ...(bf16
      ? [
          ['bf16', 'nnkit bf16'],
          ['pctBf16Peak', '% bf16 pk'],
          ['bf16VsF32', 'bf16/f32'],
          ['torchBf16', 'torch bf16'],
          ['bf16VsTorch', 'bf16/torch'],
          ['torchF32In', 'torch f32-in'],
          ['bf16VsTorchF32In', 'bf16/torch f32-in'],
          ['bf16Bits', 'nnkit bf16 bits'],
          ['pctBitsPeak', '% bf16 pk (bits)'],
          ['bitsVsTorch', 'bits/torch bf16'],
        ]
      : []),
  ],
  notes,
});
