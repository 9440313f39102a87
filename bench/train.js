#!/usr/bin/env node
// End-to-end training and inference throughput of the Fashion-MNIST MLP (784-512-256-10, BatchNorm, ReLU,
// SGD lr 0.1 momentum 0.9 weight decay 5e-4, batch 128) through the public API: model.fit (one epoch over a
// subset, the real loop with shuffling and yields) and model.predict (batches of 1000). Native and JS backends
// alternate in one process, a warm-up fit first; the ratio is native / JS. Peers (PyTorch, TF.js) are in
// compare-train.js.
//
//   node bench/train.js [--samples 12800] [--js-samples 2560] [--rounds 3] [--json]
'use strict';
const { loadNnkit, machineInfo, report, result } = require('./lib');

function flag(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
}

function model(nnkit) {
  const { nn } = nnkit;
  return new nnkit.Model([
    new nn.Dense(784, 512, { seed: 1 }),
    new nn.BatchNorm(512),
    new nn.ReLU(),
    new nn.Dense(512, 256, { seed: 2 }),
    new nn.BatchNorm(256),
    new nn.ReLU(),
    new nn.Dense(256, 10, { init: 'xavier', seed: 3 }),
  ]);
}

async function once(nnkit, backend, data, n) {
  nnkit.setBackend(backend);
  const m = model(nnkit);
  const train = { ...data, x: data.x.sliceRows(0, n), y: data.y.subarray(0, n) };
  const optimizer = new nnkit.optim.SGD({ lr: 0.1, momentum: 0.9, weightDecay: 5e-4 });
  await m.fit(
    { ...train, x: train.x.sliceRows(0, 256), y: train.y.subarray(0, 256) },
    { epochs: 1, batchSize: 128, optimizer, babysit: false },
  ); // warm-up
  const h = await m.fit(train, { epochs: 1, batchSize: 128, optimizer, babysit: false });
  const t0 = performance.now();
  await m.predict(train.x, { batchSize: 1000 });
  const inferSeconds = (performance.now() - t0) / 1000;
  return { train: h.epochs[0].samplesPerSec, infer: n / inferSeconds };
}

async function main() {
  const nnkit = loadNnkit();
  const { train } = await nnkit.data.loadFashionMNIST();
  const n = flag('samples', 12800),
    nJs = flag('js-samples', 2560),
    rounds = flag('rounds', 3);
  const runs = { native: [], js: [] };
  const haveNative = (() => {
    try {
      nnkit.getBackend('native');
      return true;
    } catch {
      return false;
    }
  })();
  for (let r = 0; r < rounds; r++) {
    if (haveNative) runs.native.push(await once(nnkit, 'native', train, n));
    runs.js.push(await once(nnkit, 'js', train, nJs));
  }
  const median = (a) => {
    const s = [...a].sort((p, q) => p - q);
    return s[Math.floor(s.length / 2)];
  };
  const med = (b, k) => (runs[b].length ? median(runs[b].map((x) => x[k])) : null);
  const rows = ['native', 'js']
    .filter((b) => runs[b].length)
    .map((b) => ({ backend: b, train: med(b, 'train'), infer: med(b, 'infer') }));
  nnkit.setBackend(haveNative ? 'native' : 'js');
  report({
    title: `Fashion-MNIST MLP 784-512-256-10, batch 128: samples/s (median of ${rounds} rounds, backends alternated)`,
    machine: machineInfo(nnkit),
    results: [
      ...(haveNative
        ? [
            result('fmnist MLP train, native', med('native', 'train'), 'samples/s', 'js backend', med('js', 'train')),
            result(
              'fmnist MLP inference, native',
              med('native', 'infer'),
              'samples/s',
              'js backend',
              med('js', 'infer'),
            ),
          ]
        : []),
      result('fmnist MLP train, js', med('js', 'train'), 'samples/s'),
      result('fmnist MLP inference, js', med('js', 'infer'), 'samples/s'),
    ],
    rows: rows.map((r) => ({
      ...r,
      trainRatio: haveNative ? r.train / med('js', 'train') : null,
      inferRatio: haveNative ? r.infer / med('js', 'infer') : null,
    })),
    columns: [
      ['backend', 'backend'],
      ['train', 'train samples/s'],
      ['infer', 'inference samples/s'],
      ['trainRatio', 'train ÷ js'],
      ['inferRatio', 'infer ÷ js'],
    ],
    notes: [`native: ${n} training samples per round, js: ${nJs}`],
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
