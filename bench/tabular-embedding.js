#!/usr/bin/env node
// The one-hot / embedding threshold of tables (src/tabular: a categorical column with more than maxOneHot = 64
// distinct values gets a CategoryEmbedding instead of one-hot columns), measured: the same generated tables
// trained both ways side by side in one process, for a categorical column of K = 4 … 512 values.
// Table (seeded, n rows): x1, x2 ~ N(0, 1); a categorical column "store" with K values drawn Zipf-like
// (P(k) ∝ 1/(k+1), so a long tail of rare values as in users' id-like columns) whose effect e_k ~ N(0, 1);
// label yes/no = [x1 + 0.5·x2 + e_store + 0.5·N(0, 1) > 0]. The store effect carries about half the signal.
// Each run is tabular.trainTable with the defaults (early stopping, test rows = 20 %), one-hot forced with
// maxOneHot 1e9 and the embedding forced with maxOneHot 1; means over seeds (the seed sets data, split and init).
//   node bench/tabular-embedding.js [--cards 4,16,64,256,512] [--rows 3000] [--seeds 0,1,2] [--json]
'use strict';
const lib = require('./lib');

function rng(seed) {
  let s = (seed * 7919 + 17) >>> 0 || 1;
  const u = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) + 0.5) / 2 ** 32;
  const normal = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  return { u, normal };
}

/** Rows { x1, x2, store, label } of the table above. */
function makeRows(n, cards, seed) {
  const r = rng(seed);
  const effect = Array.from({ length: cards }, () => r.normal());
  const weights = Array.from({ length: cards }, (_, k) => 1 / (k + 1));
  const cdf = [];
  weights.reduce((a, w, k) => (cdf[k] = a + w), 0);
  const total = cdf[cards - 1];
  return Array.from({ length: n }, () => {
    const x1 = r.normal(),
      x2 = r.normal();
    const t = r.u() * total;
    let k = 0;
    while (cdf[k] < t) k++;
    const label = x1 + 0.5 * x2 + effect[k] + 0.5 * r.normal() > 0 ? 'yes' : 'no';
    return { x1, x2, store: `s${k}`, label };
  });
}

async function run(T, rows, seed, maxOneHot) {
  const t0 = process.hrtime.bigint();
  const table = T.tableFromRecords(rows);
  const r = await T.trainTable(table, { label: 'label', seed, splitSeed: seed, maxOneHot });
  return {
    accuracy: r.test.accuracy,
    logLoss: r.test.logLoss,
    inputs: r.pipeline.width,
    epochs: r.history.epochs.length,
    seconds: Number(process.hrtime.bigint() - t0) / 1e9,
    encoding: r.schema.columns.find((c) => c.name === 'store').encoding,
  };
}

const mean = (xs, k) => xs.reduce((a, x) => a + x[k], 0) / xs.length;

async function main() {
  const nnkit = lib.loadNnkit();
  const T = nnkit.tabular;
  const cards = (lib.option('--cards') ?? '4,16,64,256,512').split(',').map(Number);
  const n = Number(lib.option('--rows') ?? 3000);
  const seeds = (lib.option('--seeds') ?? '0,1,2').split(',').map(Number);
  const rows = [];
  const results = [];
  for (const k of cards) {
    const hot = [],
      emb = [];
    for (const seed of seeds) {
      const data = makeRows(n, k, seed);
      hot.push(await run(T, data, seed, 1e9));
      emb.push(await run(T, data, seed, 1));
    }
    if (hot.some((h) => h.encoding !== 'one-hot') || emb.some((e) => e.encoding !== 'embedding'))
      throw new Error('the encodings were not the ones forced');
    const [aHot, aEmb] = [mean(hot, 'accuracy'), mean(emb, 'accuracy')];
    rows.push({
      cards: k,
      hot: aHot.toFixed(4),
      emb: aEmb.toFixed(4),
      diff: (aEmb - aHot).toFixed(4),
      llHot: mean(hot, 'logLoss').toFixed(4),
      llEmb: mean(emb, 'logLoss').toFixed(4),
      inputs: `${mean(hot, 'inputs').toFixed(0)} / ${mean(emb, 'inputs').toFixed(0)}`,
      epochs: `${mean(hot, 'epochs').toFixed(0)} / ${mean(emb, 'epochs').toFixed(0)}`,
      time: (mean(emb, 'seconds') / mean(hot, 'seconds')).toFixed(2),
    });
    results.push(lib.result(`K=${k} test accuracy, embedding`, aEmb, 'accuracy', 'one-hot', aHot));
    results.push(
      lib.result(`K=${k} test log loss, embedding`, mean(emb, 'logLoss'), 'log loss', 'one-hot', mean(hot, 'logLoss')),
    );
    results.push(
      lib.result(`K=${k} seconds per run, embedding`, mean(emb, 'seconds'), 's', 'one-hot', mean(hot, 'seconds')),
    );
  }
  const notes = [
    `${n} rows, seeds ${seeds.join(',')}; tabular.trainTable defaults (1×100 ReLU, Adam 1e-3, early stopping patience 20)`,
    'one-hot: maxOneHot 1e9 (K slots + "other"); embedding: maxOneHot 1 (CategoryEmbedding, fastai size min(600, round(1.6·K^0.56)))',
  ];
  if (lib.wantsJson()) {
    const command = `node bench/tabular-embedding.js --json --cards ${cards.join(',')} --rows ${n} --seeds ${seeds.join(',')}`;
    console.log(
      JSON.stringify({ bench: 'tabular-embedding', machine: lib.machineInfo(nnkit), command, results, notes }),
    );
    return;
  }
  lib.report({
    title: `Tabular: one-hot vs CategoryEmbedding for a column of K values (test means over seeds ${seeds.join(',')})`,
    machine: lib.machineInfo(nnkit),
    results,
    rows,
    columns: [
      ['cards', 'K'],
      ['hot', 'acc one-hot'],
      ['emb', 'acc embedding'],
      ['diff', 'emb − one-hot'],
      ['llHot', 'log loss one-hot'],
      ['llEmb', 'log loss embedding'],
      ['inputs', 'inputs (one-hot / emb)'],
      ['epochs', 'epochs (one-hot / emb)'],
      ['time', 'time emb / one-hot'],
    ],
    notes,
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
