#!/usr/bin/env node
// Event-loop delay while nnkit trains the Fashion-MNIST MLP (784-512-256-10, BatchNorm, ReLU, SGD momentum,
// batch 128), in the same process: fit() in-process (yields between batches) vs fit({ worker: true }) (the whole
// loop in a worker_thread). perf_hooks.monitorEventLoopDelay samples the main thread's loop every 1 ms during each
// fit call (worker start-up and the copy of the data included), and on an idle loop for 5 s (the machine's own
// scheduling delay, the floor on a shared machine). Target: p99 < 10 ms in worker mode.
//
//   node bench/event-loop.js [--samples 20000] [--epochs 1] [--rounds 1] [--json]
'use strict';
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { loadNnkit, machineInfo, report, result } = require('./lib');

function flag(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
}

function mlp(nn) {
  return new nn.Sequential([
    new nn.Dense(784, 512, { seed: 1 }),
    new nn.BatchNorm(512),
    new nn.ReLU(),
    new nn.Dense(512, 256, { seed: 2 }),
    new nn.BatchNorm(256),
    new nn.ReLU(),
    new nn.Dense(256, 10, { init: 'xavier', seed: 3 }),
  ]);
}

async function measure(nnkit, train, worker, epochs) {
  const model = new nnkit.Model(mlp(nnkit.nn).layers);
  const optimizer = new nnkit.optim.SGD({ lr: 0.1, momentum: 0.9, weightDecay: 5e-4 });
  const h = monitorEventLoopDelay({ resolution: 1 });
  const t0 = performance.now();
  h.enable();
  const history = await model.fit(train, { epochs, batchSize: 128, optimizer, worker, babysit: false });
  h.disable();
  const seconds = (performance.now() - t0) / 1000;
  const ms = (ns) => ns / 1e6;
  return {
    mode: worker ? 'worker' : 'in-process',
    p50: ms(h.percentile(50)),
    p99: ms(h.percentile(99)),
    max: ms(h.max),
    samples: h.count,
    seconds,
    loss: history.epochs.at(-1).trainLoss,
  };
}

/** The same monitor on an idle loop: what the machine's load alone costs (the baseline for the worker figure). */
async function idle(seconds) {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  h.disable();
  const ms = (ns) => ns / 1e6;
  return {
    mode: 'idle (no training)',
    p50: ms(h.percentile(50)),
    p99: ms(h.percentile(99)),
    max: ms(h.max),
    samples: h.count,
    seconds,
    loss: NaN,
  };
}

async function main() {
  const nnkit = loadNnkit();
  const samples = flag('samples', 20000),
    epochs = flag('epochs', 1),
    rounds = flag('rounds', 1);
  const { train: full } = await nnkit.data.loadFashionMNIST();
  const n = Math.min(samples, full.x.rows);
  const train = { ...full, x: full.x.sliceRows(0, n), y: full.y.subarray(0, n) };
  const rows = [];
  for (let r = 0; r < rounds; r++) {
    rows.push(await measure(nnkit, train, false, epochs));
    rows.push(await measure(nnkit, train, true, epochs));
    rows.push(await idle(5));
  }
  const best = (mode, k) => Math.min(...rows.filter((x) => x.mode === mode).map((x) => x[k]));
  const inP99 = best('in-process', 'p99'),
    wP99 = best('worker', 'p99'),
    idleP99 = best('idle (no training)', 'p99');
  report({
    title: `Event-loop delay while training the Fashion-MNIST MLP (${n} samples × ${epochs} epoch(s), batch 128)`,
    machine: machineInfo(nnkit),
    results: [
      result('event-loop p99, in-process fit', inP99, 'ms'),
      result('event-loop p99, worker fit', wP99, 'ms', 'in-process fit', inP99),
      result('event-loop p99, worker fit vs idle loop', wP99, 'ms', 'idle loop', idleP99),
    ],
    rows: rows.map((x) => ({ ...x, loss: Number.isNaN(x.loss) ? '—' : x.loss.toFixed(4) })),
    columns: [
      ['mode', 'mode'],
      ['p50', 'p50 ms'],
      ['p99', 'p99 ms'],
      ['max', 'max ms'],
      ['samples', 'loop samples'],
      ['seconds', 'seconds'],
      ['loss', 'train loss'],
    ],
    notes: [
      `worker p99 / in-process p99 = ${(wP99 / inP99).toFixed(3)}; worker p99 / idle p99 = ${(wP99 / idleP99).toFixed(2)}; ` +
        `target: worker p99 < 10 ms (${wP99 < 10 ? 'met' : 'NOT met'})`,
    ],
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
