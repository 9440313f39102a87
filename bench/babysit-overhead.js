#!/usr/bin/env node
// What the babysitter's live monitors cost (on by default in fit; the [babysitter] issue allows < 3 %): training
// throughput of the recipe MLP (bench/peers/recipe.json: 784-512-256-10, Dense → BatchNorm → ReLU twice, batch 128,
// SGD momentum + weight decay) with `babysit: false` and with the default monitors, in one process. Rounds alternate
// the two (reversed order every other round) so load drift hits both alike; figures are medians over rounds of
// samples/s for one fit of `--steps` batches (default 469: one Fashion-MNIST epoch); ratio = monitored /
// unmonitored (1.0 = free). On a loaded machine the A/B ratio is noisy, so the monitored runs also time the
// monitors' own hooks inside the same fit: their share of the fit's wall time is the overhead, free of drift.
//   node bench/babysit-overhead.js [--rounds 4] [--steps 469] [--json]
'use strict';
const path = require('node:path');
const lib = require('./lib');

const args = process.argv.slice(2);
const flag = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? dflt : Number(args[i + 1]);
};
const rounds = flag('rounds', 4),
  steps = flag('steps', 469);
const recipe = require(path.join(__dirname, 'peers', 'recipe.json'));

const nnkit = lib.loadNnkit();
const { Model, Dense, BatchNorm, ReLU, Tensor, optim } = nnkit;
const { Babysitter } = require(path.join(lib.DIST, 'babysit'));

const HOOKS = ['onTrainStart', 'onBeforeStep', 'onBatchEnd', 'onEpochEnd', 'onTrainEnd'];

/** The default monitors (what fit installs first when babysit is on), with the time spent in each hook summed. */
function timedBabysitter(clock) {
  const sitter = new Babysitter();
  const timed = {};
  for (const h of HOOKS) {
    timed[h] = (...a) => {
      const t0 = process.hrtime.bigint();
      try {
        return sitter[h](...a);
      } finally {
        clock.ns += process.hrtime.bigint() - t0;
      }
    };
  }
  return timed;
}

// Learnable synthetic data of the recipe's shape (labels from a fixed random projection): throughput does not
// depend on the pixel values, and no download is needed.
function data(rows, seed) {
  const rng = new nnkit.Rng(seed);
  const [D, , , C] = recipe.sizes;
  const x = new Float32Array(rows * D),
    y = new Int32Array(rows),
    proj = Float32Array.from({ length: D * C }, () => rng.normal());
  for (let i = 0; i < rows; i++) {
    let best = 0,
      bestScore = -Infinity;
    for (let j = 0; j < D; j++) x[i * D + j] = rng.normal();
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let j = 0; j < D; j++) s += x[i * D + j] * proj[j * C + c];
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
    y[i] = best;
  }
  return { x: new Tensor(x, [rows, D]), y, numClasses: C };
}

function model() {
  const [a, b, c, d] = recipe.sizes;
  return new Model([
    new Dense(a, b, { seed: 1 }),
    new BatchNorm(b),
    new ReLU(),
    new Dense(b, c, { seed: 2 }),
    new BatchNorm(c),
    new ReLU(),
    new Dense(c, d, { seed: 3, init: 'xavier' }),
  ]);
}

async function run(train, monitored) {
  const m = model();
  const optimizer = new optim.SGD({ lr: recipe.lr, momentum: recipe.momentum, weightDecay: recipe.weightDecay });
  const clock = { ns: 0n };
  const t0 = process.hrtime.bigint();
  const h = await m.fit(train, {
    epochs: 1,
    batchSize: recipe.batch,
    optimizer,
    seed: 1,
    babysit: false,
    callbacks: monitored ? [timedBabysitter(clock)] : [],
  });
  const ns = process.hrtime.bigint() - t0;
  if (h.stopped) throw new Error(`babysit-overhead: the run stopped early (${h.stopReason})`);
  return {
    samplesPerSec: (h.batchLoss.length * recipe.batch) / (Number(ns) / 1e9),
    hookShare: Number(clock.ns) / Number(ns),
  };
}

const median = (xs) => {
  const s = [...xs].sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

(async () => {
  const train = data(steps * recipe.batch, 7);
  await run(train, false); // warm-up: JIT, GEMM packing buffers, thread pool
  await run(train, true);
  const off = [],
    on = [],
    share = [];
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? [true, false] : [false, true];
    for (const monitored of order) {
      const x = await run(train, monitored);
      (monitored ? on : off).push(x.samplesPerSec);
      if (monitored) share.push(x.hookShare);
    }
  }
  const mOff = median(off),
    mOn = median(on),
    mShare = median(share);
  const machine = lib.machineInfo(nnkit);
  lib.report({
    title: `babysitter overhead: recipe MLP training, ${steps} steps of ${recipe.batch}, median of ${rounds} rounds`,
    machine,
    results: [
      lib.result('train with babysitter monitors', mOn, 'samples/s', 'babysit: false', mOff),
      lib.result('babysitter hooks, share of fit time', mShare * 100, '%'),
    ],
    rows: [
      {
        case: `${nnkit.backendInfo().name} ${nnkit.backendInfo().simd}`,
        off: mOff,
        on: mOn,
        ratio: mOn / mOff,
        share: mShare * 100,
      },
    ],
    columns: [
      ['case', 'backend'],
      ['off', 'babysit: false (samples/s)'],
      ['on', 'default monitors (samples/s)'],
      ['ratio', 'ratio on/off'],
      ['share', 'hooks % of fit time'],
    ],
    notes: [
      `per-round samples/s  off: ${off.map(lib.fmt).join(' ')}  on: ${on.map(lib.fmt).join(' ')}`,
      `per-round hook share %: ${share.map((x) => lib.fmt(x * 100)).join(' ')}`,
      'figures from a shared machine: compare the ratio, not the absolute numbers',
    ],
  });
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
