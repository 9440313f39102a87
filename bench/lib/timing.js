// Timing through benchmark.js: warm-up, then enough samples for a stable mean. Returns calls per second.
'use strict';
const Benchmark = require('benchmark');

/** Calls per second of fn() (synchronous), measured for about maxTime seconds after benchmark.js's warm-up. */
function hz(fn, { maxTime = 0.5, minSamples = 5 } = {}) {
  fn(); // first call outside the clock: allocations, JIT, packing buffers
  const bench = new Benchmark({ fn, maxTime, minSamples, initCount: 1 });
  bench.run({ async: false });
  if (bench.error) throw bench.error;
  return bench.hz;
}

/** GFLOP/s of fn() doing `flops` floating-point operations per call. */
function gflops(fn, flops, opts) {
  return (hz(fn, opts) * flops) / 1e9;
}

module.exports = { hz, gflops };
