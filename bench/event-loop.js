#!/usr/bin/env node
// Event-loop delay while nnkit trains the Fashion-MNIST MLP (784-512-256-10, BatchNorm, ReLU, SGD momentum,
// batch 128, preprocess: standardize(), validation: the test set), in the same process: fit() in-process (yields
// between batches and inside the preparation) vs fit({ worker: true }) (the loop in a worker_thread).
// perf_hooks.monitorEventLoopDelay samples the main thread's loop every 1 ms from the call of fit() to its result
// (preprocessing fit, data preparation, worker start-up and the copy of the data included), and on an idle loop
// for 5 s (the machine's own scheduling delay, the floor on a shared machine). A 1 ms interval timer also records
// the stalls longer than 20 ms and when they happened (ms after the call), to name the phase that blocks.
// Targets: max delay < 20 ms in both modes (no block over 20 ms anywhere in fit); worker p99 < 10 ms.
//
//   node bench/event-loop.js [--samples 60000] [--epochs 1] [--rounds 1] [--json]
'use strict';
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { loadNnkit, machineInfo, report, result } = require('./lib');

function flag(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
}

function mlp(nn) {
  return new nn.Chain([
    new nn.Dense(784, 512, { seed: 1 }),
    new nn.BatchNorm(512),
    new nn.ReLU(),
    new nn.Dense(512, 256, { seed: 2 }),
    new nn.BatchNorm(256),
    new nn.ReLU(),
    new nn.Dense(256, 10, { init: 'xavier', seed: 3 }),
  ]);
}

/** Stalls of the loop over `limitMs`, as [start ms after t0, length ms], from a 1 ms interval timer. */
function stallRecorder(t0, limitMs) {
  const stalls = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - last > limitMs) stalls.push([Math.round(last - t0), Math.round(now - last)]);
    last = now;
  }, 1);
  return { stalls, stop: () => clearInterval(timer) };
}

function summary(mode, h, seconds, extra) {
  const ms = (ns) => ns / 1e6;
  return {
    mode,
    p50: ms(h.percentile(50)),
    p99: ms(h.percentile(99)),
    max: ms(h.max),
    samples: h.count,
    seconds,
    ...extra,
  };
}

async function measure(nnkit, data, worker, epochs) {
  const model = new nnkit.Model(mlp(nnkit.nn).layers);
  const optimizer = new nnkit.optim.SGD({ lr: 0.1, momentum: 0.9, weightDecay: 5e-4 });
  const h = monitorEventLoopDelay({ resolution: 1 });
  const t0 = performance.now();
  const rec = stallRecorder(t0, 20);
  h.enable();
  const history = await model.fit(data.train, {
    epochs,
    batchSize: 128,
    optimizer,
    worker,
    preprocess: nnkit.data.standardize(),
    validation: data.test,
  });
  h.disable();
  rec.stop();
  const last = history.epochs.at(-1);
  return summary(worker ? 'worker' : 'in-process', h, (performance.now() - t0) / 1000, {
    loss: last.trainLoss.toFixed(4),
    valAccuracy: last.valAccuracy.toFixed(4),
    stalls: rec.stalls.length ? rec.stalls.map(([at, len]) => `${len}@${at}`).join(' ') : '—',
  });
}

/** The same monitor on an idle loop: what the machine's load alone costs (the baseline). */
async function idle(seconds) {
  const h = monitorEventLoopDelay({ resolution: 1 });
  const rec = stallRecorder(performance.now(), 20);
  h.enable();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  h.disable();
  rec.stop();
  return summary('idle (no training)', h, seconds, {
    loss: '—',
    valAccuracy: '—',
    stalls: rec.stalls.length ? rec.stalls.map(([at, len]) => `${len}@${at}`).join(' ') : '—',
  });
}

async function main() {
  const nnkit = loadNnkit();
  const samples = flag('samples', 60000),
    epochs = flag('epochs', 1),
    rounds = flag('rounds', 1);
  const { train: full, test } = await nnkit.data.loadFashionMNIST();
  const n = Math.min(samples, full.x.rows);
  const data = { train: { ...full, x: full.x.sliceRows(0, n), y: full.y.subarray(0, n) }, test };
  const rows = [];
  for (let r = 0; r < rounds; r++) {
    rows.push(await measure(nnkit, data, false, epochs));
    rows.push(await measure(nnkit, data, true, epochs));
    rows.push(await idle(5));
  }
  const best = (mode, k) => Math.min(...rows.filter((x) => x.mode === mode).map((x) => x[k]));
  const inMax = best('in-process', 'max'),
    wMax = best('worker', 'max'),
    wP99 = best('worker', 'p99'),
    idleMax = best('idle (no training)', 'max'),
    idleP99 = best('idle (no training)', 'p99');
  report({
    title:
      `Event-loop delay while training the Fashion-MNIST MLP (${n} samples × ${epochs} epoch(s), batch 128, ` +
      `standardize, validation on ${test.x.rows} test rows)`,
    machine: machineInfo(nnkit),
    results: [
      result('event-loop max, in-process fit', inMax, 'ms', 'idle loop', idleMax),
      result('event-loop max, worker fit', wMax, 'ms', 'idle loop', idleMax),
      result('event-loop p99, worker fit', wP99, 'ms', 'idle loop', idleP99),
    ],
    rows,
    columns: [
      ['mode', 'mode'],
      ['p50', 'p50 ms'],
      ['p99', 'p99 ms'],
      ['max', 'max ms'],
      ['samples', 'loop samples'],
      ['seconds', 'seconds'],
      ['loss', 'train loss'],
      ['valAccuracy', 'val accuracy'],
      ['stalls', 'stalls > 20 ms (length@start, ms)'],
    ],
    notes: [
      `target: max < 20 ms in both modes: in-process ${inMax.toFixed(1)} ms (${inMax < 20 ? 'met' : 'NOT met'}), ` +
        `worker ${wMax.toFixed(1)} ms (${wMax < 20 ? 'met' : 'NOT met'}); idle loop max ${idleMax.toFixed(1)} ms ` +
        `(the machine's own floor); worker p99 < 10 ms: ${wP99 < 10 ? 'met' : 'NOT met'}`,
    ],
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
