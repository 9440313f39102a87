// Timing. hz/gflops: benchmark.js (wall clock, warm-up, enough samples for a stable mean).
// cpuHz/cpuGflops: this process's CPU time (user + system, all threads), best of `samples` runs of about
// `seconds` each — for single-threaded work on a shared machine, where wall time mostly measures the neighbours.
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

/** Calls per CPU-second of fn(), best of `samples` runs of about `seconds` CPU seconds each. */
function cpuHz(fn, { seconds = 0.3, samples = 3 } = {}) {
  fn();
  let best = 0;
  for (let s = 0; s < samples; s++) {
    const t0 = process.cpuUsage();
    let calls = 0,
      used = 0;
    do {
      fn();
      calls++;
      const d = process.cpuUsage(t0);
      used = (d.user + d.system) / 1e6;
    } while (used < seconds / samples);
    best = Math.max(best, calls / used);
  }
  return best;
}

function cpuGflops(fn, flops, opts) {
  return (cpuHz(fn, opts) * flops) / 1e9;
}

// GB/s of fn from its fastest sample: samples of ≥ 2 ms each for `seconds`, after a warm-up call. On a shared,
// loaded machine the fastest sample is the one least disturbed by other processes (memcpy is timed the same way).
function fastestGBps(fn, bytes, seconds) {
  fn();
  let reps = 1;
  for (let t = 0; t < 2e-3; reps *= 2) t = timeReps(fn, reps);
  let bestPerCall = Infinity;
  for (const end = performance.now() + seconds * 1e3; performance.now() < end;) {
    bestPerCall = Math.min(bestPerCall, timeReps(fn, reps) / reps);
  }
  return bytes / bestPerCall / 1e9;
}

function timeReps(fn, reps) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < reps; i++) fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

module.exports = { hz, gflops, cpuHz, cpuGflops, fastestGBps };
