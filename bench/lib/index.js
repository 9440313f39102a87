// Shared helpers for bench/*.js (see bench/README.md):
//   loadNnkit()            the compiled package from dist/ (bench/run.js rebuilds it when stale)
//   machineInfo(nnkit)     CPU, cores, load, date, backendInfo()
//   fmaPeak(isa, threads)  measured FP32 FMA GFLOP/s ('avx512' | 'avx2'), or null
//   hz(fn), gflops(fn, flops)   benchmark.js timing (wall clock)
//   cpuHz(fn), cpuGflops(fn, flops)   process CPU time, for single-threaded figures on a shared machine
//   fastestGBps(fn, bytes, seconds)   GB/s of the fastest ≥ 2 ms sample (memory-bound kernels, memcpy)
//   result(name, value, unit, peer, peerValue), report({...}), table(rows, columns)
//   option(name, default)  the value after `name` on the command line (`--seconds 0.3`), or the default
//   bandwidthOptions()     --threads/--simd (applied to the env) and --seconds/--rounds/--shapes of kernel benches
'use strict';
const path = require('node:path');
const { machineInfo, machineLine } = require('./machine');
const { fmaPeak } = require('./fma-peak');
const { hz, gflops, cpuHz, cpuGflops, fastestGBps } = require('./timing');
const { table, result, report, wantsJson, fmt } = require('./report');

const DIST = path.join(__dirname, '..', '..', 'dist');

function option(name, dflt) {
  const argv = process.argv.slice(2);
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
}

/** The common flags of the memory-bound kernel benchmarks (activations, batchnorm): --threads and --simd set
 *  NNKIT_THREADS / NNKIT_SIMD before the addon loads; --seconds, --rounds, --shapes 128x512,... */
function bandwidthOptions() {
  if (option('--threads')) process.env.NNKIT_THREADS = option('--threads');
  if (option('--simd')) process.env.NNKIT_SIMD = option('--simd');
  return {
    SECONDS: Number(option('--seconds', '0.2')),
    ROUNDS: Math.max(1, Number(option('--rounds', '2'))),
    SHAPES: option('--shapes', '128x512,128x4096,1024x4096')
      .split(',')
      .map((s) => s.split('x').map(Number)),
  };
}

function loadNnkit() {
  return require(DIST);
}

module.exports = {
  DIST,
  option,
  bandwidthOptions,
  loadNnkit,
  machineInfo,
  machineLine,
  fmaPeak,
  hz,
  gflops,
  cpuHz,
  cpuGflops,
  fastestGBps,
  table,
  result,
  report,
  wantsJson,
  fmt,
};
