#!/usr/bin/env node
// What an epoch of model.fit costs beyond its steps: the recipe's MLP (bench/peers/nnkit-mlp.js, Fashion-MNIST
// standardized, batch 128) trained by fit (shuffle, batch gather, callbacks and the babysitter's monitors, event-loop
// yields, bookkeeping) against the bare step loop on pre-made batches (what bench/compare-train.js times), alternated
// in one process on the same model. Both in process CPU time, so the figure holds on a shared machine (1 thread:
// the pool's workers would count their spinning too), or with --clock wall in wall time (2 threads; on a shared
// machine run it as SCHED_FIFO, `chrt -f 5`). Target (issue #17): fit's epoch ≥ 95 % of the step loop.
//   NNKIT_THREADS=1 node bench/epoch-vs-step.js [--rows 60000] [--rounds 3] [--precision fp32|bf16] [--clock cpu|wall]
//     [--json]
// --rows defaults to a full Fashion-MNIST epoch (60 000 rows), the epoch. The epoch's time runs from
// onEpochStart to onEpochEnd (after the shuffle; the per-fit checks of the data are outside it); each round fits 2
// epochs and keeps the faster.
'use strict';
const lib = require('./lib');
const { setup } = require('./peers/nnkit-mlp');
const { loadFashionMNIST } = require('./peers/fashion-mnist');
const recipe = require('./peers/recipe.json');

const WALL = lib.option('--clock', 'cpu') === 'wall';
const clockSeconds = () => {
  if (WALL) return performance.now() / 1000;
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** samples/s of the fastest of 2 fit epochs (the --clock). */
async function fitEpoch(nnkit, run, x, y, seed, precision) {
  let t0 = 0,
    best = 0;
  const optimizer = new nnkit.optim.SGD({ lr: recipe.lr, momentum: recipe.momentum, weightDecay: recipe.weightDecay });
  const callbacks = {
    onEpochStart: () => {
      t0 = clockSeconds();
    },
    onEpochEnd: () => {
      best = Math.max(best, x.rows / (clockSeconds() - t0));
    },
  };
  await run.model.fit({ x, y }, { epochs: 2, batchSize: recipe.batch, optimizer, seed, callbacks, precision });
  return best;
}

/** samples/s of the step loop over the same number of rows (the --clock). */
function stepLoop(run, rows) {
  run.model.train();
  const steps = Math.floor(rows / recipe.batch);
  const t0 = clockSeconds();
  for (let i = 0; i < steps; i++) run.trainStep(i);
  return (steps * recipe.batch) / (clockSeconds() - t0);
}

async function main() {
  const rows = Number(lib.option('--rows', 60000)),
    rounds = Number(lib.option('--rounds', 3)),
    precision = lib.option('--precision', 'fp32');
  const nnkit = lib.loadNnkit();
  const data = loadFashionMNIST('train', rows, { standardize: true });
  const x = new nnkit.Tensor(data.x.subarray(0, data.n * 784), [data.n, 784]);
  const y = Int32Array.from(data.y.subarray(0, data.n));
  const run = setup(nnkit, 'native', precision);
  const fit = [],
    step = [];
  for (let r = 0; r < rounds; r++) {
    fit.push(await fitEpoch(nnkit, run, x, y, r, precision));
    step.push(stepLoop(run, data.n));
  }
  const best = (a) => Math.max(...a);
  const row = { precision, fit: best(fit), step: best(step), ratio: best(fit) / best(step) };
  lib.report({
    title: `fit epoch vs step loop, MLP 784-512-256-10 + BatchNorm, batch ${recipe.batch}, ${data.n} rows: samples/s in ${WALL ? 'wall' : 'process CPU'} time (best of ${rounds} alternated rounds)`,
    machine: lib.machineInfo(nnkit),
    results: [lib.result(`fit epoch, ${precision}`, row.fit, 'samples/s', 'step loop', row.step)],
    rows: [row],
    columns: [
      ['precision', 'precision'],
      ['fit', 'fit epoch'],
      ['step', 'step loop'],
      ['ratio', 'epoch / step'],
    ],
    notes: ['threads: NNKIT_THREADS (CPU time is only meaningful on 1; --clock wall for more)'],
  });
}

main().catch((e) => {
  console.error(e.stack || e.message);
  process.exit(1);
});
