#!/usr/bin/env node
// What bf16 weights cost a frozen model in accuracy (freeze({ precision: 'bf16' }), issue #17): the `nnkit train`
// recipes (MLP with BatchNorm + ReLU, He init, SGD lr 0.1 momentum 0.9 weight decay 5e-4, cosine schedule,
// standardized inputs; digits 64-256-128-10, batch 32, 20 epochs; Fashion-MNIST 784-512-256-10, batch 128, 10
// epochs), trained in fp32 per seed, then frozen twice: fp32 and bf16 weights. Per dataset and seed: test accuracy of
// each, the share of test rows whose predicted class (argmax) changes, and the largest |Δp| of any class probability
// (softmax of the outputs); then the mean over seeds. Needs a CPU with AVX512_BF16 (else bf16 freezes as fp32).
//   node bench/accuracy-frozen-bf16.js [--data digits,fashion-mnist] [--seeds 0,1,2] [--epochs N] [--json]
'use strict';
const lib = require('./lib');

const DATA = lib.option('--data', 'digits,fashion-mnist').split(',');
const SEEDS = lib.option('--seeds', '0,1,2').split(',').map(Number);
const EPOCHS = lib.option('--epochs');

async function trained(nnkit, name, data, seed) {
  const { buildLayers } = require(require('node:path').join(lib.DIST, 'recipes', 'mlp.js'));
  const small = name === 'digits';
  const inputs = data.train.x.cols;
  const layers = buildLayers(inputs, small ? [256, 128] : [512, 256], 10, {
    activation: 'relu',
    bn: true,
    init: 'he',
    dropout: 0,
    seed,
  });
  const model = new nnkit.Model(layers);
  await model.fit(data.train, {
    epochs: Number(EPOCHS ?? (small ? 20 : 10)),
    batchSize: small ? 32 : 128,
    seed,
    schedule: 'cosine',
    preprocess: nnkit.data.standardize(),
    optimizer: new nnkit.optim.SGD({ lr: 0.1, momentum: 0.9, weightDecay: 5e-4 }),
    babysit: false,
  });
  return model;
}

// Class probabilities (softmax per row) of outputs [rows, classes].
function probabilities(z, classes) {
  const p = new Float64Array(z.length);
  for (let r = 0; r < z.length / classes; r++) {
    let max = -Infinity,
      sum = 0;
    for (let c = 0; c < classes; c++) max = Math.max(max, z[r * classes + c]);
    for (let c = 0; c < classes; c++) sum += p[r * classes + c] = Math.exp(z[r * classes + c] - max);
    for (let c = 0; c < classes; c++) p[r * classes + c] /= sum;
  }
  return p;
}

const argmax = (p, r, classes) => {
  let best = 0;
  for (let c = 1; c < classes; c++) if (p[r * classes + c] > p[r * classes + best]) best = c;
  return best;
};

function compare(model, test) {
  const fp32 = model.freeze(),
    bf16 = model.freeze({ precision: 'bf16' });
  if (bf16.precision !== 'bf16') throw new Error('this CPU (or NNKIT_SIMD) has no AVX512_BF16: nothing to compare');
  const p = probabilities(fp32.predictSync(test.x).data, 10),
    q = probabilities(bf16.predictSync(test.x).data, 10);
  let right32 = 0,
    right16 = 0,
    changed = 0,
    maxDelta = 0;
  for (let r = 0; r < test.x.rows; r++) {
    const a = argmax(p, r, 10),
      b = argmax(q, r, 10);
    right32 += a === test.y[r];
    right16 += b === test.y[r];
    changed += a !== b;
  }
  for (let i = 0; i < p.length; i++) maxDelta = Math.max(maxDelta, Math.abs(p[i] - q[i]));
  const n = test.x.rows;
  return { fp32: (100 * right32) / n, bf16: (100 * right16) / n, changed: (100 * changed) / n, maxDelta };
}

async function main() {
  const nnkit = lib.loadNnkit();
  const rows = [],
    results = [];
  for (const name of DATA) {
    const data = name === 'digits' ? await nnkit.data.loadDigits() : await nnkit.data.loadFashionMNIST();
    const runs = [];
    for (const seed of SEEDS) {
      const r = compare(await trained(nnkit, name, data, seed), data.test);
      runs.push(r);
      rows.push({ case: `${name}, seed ${seed}`, ...r, diff: r.bf16 - r.fp32 });
      process.stderr.write(`${name} seed ${seed}: ${JSON.stringify(r)}\n`);
    }
    const mean = (k) => runs.reduce((a, r) => a + r[k], 0) / runs.length;
    const m = { fp32: mean('fp32'), bf16: mean('bf16'), changed: mean('changed') };
    const maxDelta = Math.max(...runs.map((r) => r.maxDelta));
    rows.push({ case: `${name}, mean of ${runs.length}`, ...m, diff: m.bf16 - m.fp32, maxDelta });
    results.push(lib.result(`${name} frozen bf16 test accuracy`, m.bf16, '%', 'nnkit frozen fp32', m.fp32));
    results.push(lib.result(`${name} frozen bf16 changed argmax`, m.changed, '% of test rows'));
    results.push(lib.result(`${name} frozen bf16 max |Δprob|`, maxDelta, 'probability'));
  }
  lib.report({
    title: `Frozen model accuracy, bf16 against fp32 weights (${SEEDS.length} seed(s), the nnkit train recipes)`,
    machine: lib.machineInfo(nnkit),
    results,
    rows: rows.map((r) => ({ ...r, maxDelta: r.maxDelta.toExponential(2) })),
    columns: [
      ['case', 'case'],
      ['fp32', 'fp32 test acc %'],
      ['bf16', 'bf16 test acc %'],
      ['diff', 'bf16 − fp32 (points)'],
      ['changed', 'argmax changed %'],
      ['maxDelta', 'max |Δprob|'],
    ],
    notes: ['the models train in fp32; only the frozen copy differs (bf16 dense weights, inputs rounded per layer)'],
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
