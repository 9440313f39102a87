// Races the native index checks: a worker thread rewrites one entry of a SharedArrayBuffer-backed index array
// (labels for softmaxCrossEntropy, argmax for maxGroupsBackward) between valid and out-of-range values while this
// thread calls the kernel in a loop. Run as a child process by shared-index-race.test.ts, so a segfault shows as a
// signal. Every call must compute or throw a RangeError, and the guard floats after the output must stay untouched.
// usage: node shared-index-race-child.js <calls>  → prints {"calls", "computed", "threw", "guardIntact"}
// Each kernel runs at least <calls> calls, and on until it has seen both outcomes (a loaded machine can starve the
// flipper thread for a while), at most 60 s.
'use strict';
const path = require('node:path');
const { Worker } = require('node:worker_threads');

const addon = process.env.NNKIT_NATIVE_PATH
  ? require(process.env.NNKIT_NATIVE_PATH)
  : require('node-gyp-build')(path.join(__dirname, '..', '..'));

const calls = Number(process.argv[2] ?? 4000);
const N = 2048,
  C = 10,
  GUARD = 64,
  SENTINEL = 12345;
const flipper = `
  const { workerData } = require('node:worker_threads');
  const a = new Int32Array(workerData.sab), at = workerData.at, bad = workerData.bad;
  const started = new Int32Array(workerData.started);
  Atomics.store(started, 0, 1);
  Atomics.notify(started, 0);
  for (let i = 0; ; i++) a[at] = (i & 1) ? bad[(i >> 1) % bad.length] : 0;`;

function race(kind, indices, at, bad, call) {
  const started = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(flipper, {
    eval: true,
    workerData: { sab: indices.buffer, at, bad, started: started.buffer },
  });
  Atomics.wait(started, 0, 0, 10_000); // race only once the flipper runs
  const out = { computed: 0, threw: 0 };
  const deadline = Date.now() + 60_000;
  for (let i = 0; i < calls || ((out.threw === 0 || out.computed === 0) && Date.now() < deadline); i++) {
    try {
      call();
      out.computed++;
    } catch (e) {
      if (!(e instanceof RangeError)) throw new Error(`${kind}: ${e}`);
      out.threw++;
    }
  }
  worker.terminate();
  return out;
}

// Output with GUARD sentinel floats after it: an index just past the last row would write into them.
function guarded(n) {
  const whole = new Float32Array(n + GUARD).fill(SENTINEL);
  return { out: whole.subarray(0, n), intact: () => whole.subarray(n).every((v) => v === SENTINEL) };
}

const z = new Float32Array(N * C).map((_, i) => Math.sin(i));
const labels = new Int32Array(new SharedArrayBuffer(N * 4));
const dlogits = guarded(N * C);
const sce = race('softmaxCrossEntropy', labels, N - 1, [C, 1 << 28, -(1 << 28)], () =>
  addon.softmaxCrossEntropy(N, C, z, labels, dlogits.out),
);

const groups = 64,
  k = 4,
  rows = N / groups;
const dy = new Float32Array(rows * groups).fill(1);
const argmax = new Int32Array(new SharedArrayBuffer(rows * groups * 4));
const dx = guarded(rows * groups * k);
const mgb = race('maxGroupsBackward', argmax, rows * groups - 1, [k, 1 << 28, -(1 << 28)], () =>
  addon.maxGroupsBackward(rows, groups, k, dy, argmax, dx.out),
);

console.log(
  JSON.stringify({
    calls,
    softmaxCrossEntropy: sce,
    maxGroupsBackward: mgb,
    guardIntact: dlogits.intact() && dx.intact(),
  }),
);
process.exit(0);
