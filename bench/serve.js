#!/usr/bin/env node
// Serving the issue #15 model (MLP 784-512-256-10 + BatchNorm):
//  1. HTTP through examples/predict-server.js (a child process, loopback), driven by examples/load-test.js at a
//     fixed rate of one-row requests: req/s and p50/p99 latency, idle and while the server process trains another
//     model in a worker thread (--train). Targets (issue #15): p99 < 2 ms at 1k req/s idle, < 10 ms training,
//     timed from each request being written (the generator's 1 ms timer adds 0–1 ms of its own before that,
//     reported beside: examples/load-test.js).
//  2. In process, N concurrent callers each awaiting one-row predictions in a loop: MicroBatcher against unbatched
//     calls (frozen.predict of one row each), predictions/s and p99 per call; ratio batched / unbatched.
//   npm run bench -- serve [--json] [--rate 1000] [--seconds 5] [--callers 1,8,32,64]
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const lib = require('./lib');
const { inferenceModel } = require('./lib/inference-model');
const { loadTest } = require('../examples/load-test');

const RATE = Number(lib.option('--rate', '1000'));
const SECONDS = Number(lib.option('--seconds', '5'));
const CALLERS = lib.option('--callers', '1,8,32,64').split(',').map(Number);

async function main() {
  const nnkit = lib.loadNnkit();
  const model = inferenceModel(nnkit);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nnkit-serve-')), 'mlp.nnkit');
  await model.save(file);
  const rows = [],
    results = [];
  for (const train of [false, true]) {
    const r = await httpRun(file, train);
    const name = `HTTP ${RATE} req/s${train ? ', training in a worker' : ''}`;
    rows.push({
      case: name,
      a: `${r.reqPerSec} req/s`,
      b: `${r.sentP50Ms} / ${r.sentP99Ms} ms (from slot ${r.p50Ms} / ${r.p99Ms}, generator late p99 ${r.lateP99Ms})`,
      ratio: null,
    });
    results.push(
      lib.result(`${name} p99`, r.sentP99Ms, 'ms'),
      lib.result(`${name} p99 from the scheduled slot`, r.p99Ms, 'ms'),
      lib.result(`${name} req/s`, r.reqPerSec, 'req/s'),
    );
  }
  const frozen = model.freeze(),
    batcher = new nnkit.MicroBatcher(frozen, { maxBatch: 64 });
  const row = new Float32Array(784).map((_, i) => Math.sin(i));
  for (const n of CALLERS) {
    const batched = await callers(n, () => batcher.predict(row));
    const single = await callers(n, () => frozen.predict(row));
    rows.push({
      case: `${n} concurrent callers`,
      a: `${batched.rate} /s, p99 ${batched.p99} ms`,
      b: `${single.rate} /s, p99 ${single.p99} ms`,
      ratio: batched.rate / single.rate,
    });
    results.push(lib.result(`micro-batched ${n} callers`, batched.rate, 'predictions/s', 'unbatched', single.rate));
  }
  lib.report({
    title: 'Serving the MLP 784-512-256-10 + BatchNorm',
    machine: lib.machineInfo(nnkit),
    results,
    rows,
    columns: [
      ['case', 'case'],
      ['a', 'HTTP req/s | MicroBatcher'],
      ['b', 'HTTP p50 / p99 | unbatched'],
      ['ratio', 'batched / unbatched'],
    ],
    notes: [
      'HTTP: the load generator runs in this process, the server in a child; both share the machine',
      'HTTP p50 / p99: from each request being written (the service); "from slot" adds the generator\'s own lateness',
    ],
  });
}

async function httpRun(file, train) {
  const args = [path.join(__dirname, '..', 'examples', 'predict-server.js'), file, ...(train ? ['--train'] : [])];
  const server = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise((resolve, reject) => {
      let out = '';
      server.stdout.on('data', (d) => {
        out += d;
        const m = /\{"listening":(\d+)\}/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      server.on('exit', (code) => reject(new Error(`predict-server exited ${code}`)));
    });
    if (train) await new Promise((r) => setTimeout(r, 1000)); // the training job under way
    await loadTest({ port, rate: RATE, seconds: 1 }); // warm-up
    return await loadTest({ port, rate: RATE, seconds: SECONDS });
  } finally {
    server.kill();
  }
}

// n callers, each awaiting fn() in a loop for SECONDS / 2: predictions per second and the p99 of one call (ms).
async function callers(n, fn) {
  const lat = [],
    end = performance.now() + (SECONDS * 1000) / 2;
  const loop = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      await fn();
      lat.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: n }, loop));
  const s = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  return { rate: Math.round(lat.length / s), p99: Math.round(lat[Math.floor(lat.length * 0.99)] * 1000) / 1000 };
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
