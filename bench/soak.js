#!/usr/bin/env node
// Soak: 100k training steps of a small BatchNorm MLP on digits with RSS sampled every epoch (growth after warm-up
// medians, must stay under 5 %), then 2000 models created, trained one step and dropped, counting file descriptors and
// threads before and after (no leaks). Prints the RSS curve as text and one JSON line; exit 1 on a breach.
//   node --expose-gc bench/soak.js [--steps 100000]
'use strict';
const fs = require('node:fs');
const nnkit = require('../dist');

const stepsArg = process.argv.indexOf('--steps');
const STEPS = stepsArg > 0 ? Number(process.argv[stepsArg + 1]) : 100_000;
const count = (dir) => fs.readdirSync(dir).length;
const gc = () => {
  if (globalThis.gc) globalThis.gc();
};
const mb = (b) => (b / 2 ** 20).toFixed(1);

async function main() {
  const { train } = await nnkit.data.loadDigits();
  const batchSize = 32,
    perEpoch = Math.ceil(train.x.rows / batchSize),
    epochs = Math.ceil(STEPS / perEpoch);
  const model = new nnkit.Sequential([
    new nnkit.Dense(64, 128, { seed: 1 }),
    new nnkit.BatchNorm(128),
    new nnkit.ReLU(),
    new nnkit.Dense(128, 10, { seed: 2 }),
  ]);
  const rss = [];
  const t0 = Date.now();
  await model.fit(train, {
    epochs,
    batchSize,
    seed: 1,
    optimizer: new nnkit.optim.SGD({ lr: 0.01, momentum: 0.9 }),
    callbacks: {
      onEpochEnd: () => {
        gc();
        rss.push(process.memoryUsage().rss);
      },
    },
  });
  const seconds = (Date.now() - t0) / 1000;
  // Medians of windows, not single samples: V8's heap breathes by a few MB between collections.
  const median = (a, b) => {
    const w = rss.slice(Math.floor(rss.length * a), Math.ceil(rss.length * b)).sort((x, y) => x - y);
    return w[w.length >> 1];
  };
  const warm = median(0.1, 0.3),
    last = median(0.8, 1),
    max = Math.max(...rss.slice(Math.floor(rss.length * 0.1)));
  const growth = (last - warm) / warm;
  console.log(`${epochs * perEpoch} steps in ${seconds.toFixed(1)} s on ${nnkit.backendInfo().name}`);
  for (let i = 0; i < rss.length; i += Math.max(1, Math.floor(rss.length / 20))) {
    console.log(
      `  step ${String((i + 1) * perEpoch).padStart(7)}  rss ${mb(rss[i]).padStart(7)} MB  ${'#'.repeat(Math.round(rss[i] / 2 ** 22))}`,
    );
  }
  console.log(
    `RSS median after warm-up (10–30 %) ${mb(warm)} MB, at the end (80–100 %) ${mb(last)} MB, max ${mb(max)} MB: growth ${(100 * growth).toFixed(2)} %`,
  );

  gc();
  const fds0 = count('/proc/self/fd'),
    threads0 = count('/proc/self/task');
  const one = nnkit.data.subset(
    train,
    Array.from({ length: 32 }, (_, i) => i),
  );
  for (let i = 0; i < 2000; i++) {
    const m = new nnkit.Sequential([
      new nnkit.Dense(64, 32, { seed: i }),
      new nnkit.BatchNorm(32),
      new nnkit.ReLU(),
      new nnkit.Dense(32, 10, { seed: i }),
    ]);
    await m.fit(one, { epochs: 1, batchSize: 32, optimizer: new nnkit.optim.SGD({ lr: 0.01 }) });
  }
  gc();
  const fds1 = count('/proc/self/fd'),
    threads1 = count('/proc/self/task');
  console.log(`2000 models created and dropped: file descriptors ${fds0} → ${fds1}, threads ${threads0} → ${threads1}`);
  const result = {
    steps: epochs * perEpoch,
    seconds,
    rssWarmMB: +mb(warm),
    rssEndMB: +mb(last),
    growthPercent: +(100 * growth).toFixed(2),
    fds: [fds0, fds1],
    threads: [threads0, threads1],
  };
  console.log(JSON.stringify(result));
  if (growth > 0.05 || fds1 > fds0 || threads1 > threads0) process.exit(1);
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
