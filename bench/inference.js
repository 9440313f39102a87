#!/usr/bin/env node
// Predictions per second of the Fashion-MNIST MLP 784-512-256-10 with BatchNorm + ReLU (issue #15), at batch 1, 8,
// 32, 256 and 1000, on 1 and 2 threads: nnkit's frozen predictor (model.freeze().predictSync), the same frozen with
// bf16 weights (freeze({ precision: 'bf16' }), where the CPU has AVX512_BF16; issue #17) and Model.predict beside
// onnxruntime-node running the same weights (written by nnkit's ONNX exporter), in one process per thread count,
// interleaved, fastest sample of --rounds; ratios nnkit / onnxruntime and bf16 / fp32 frozen. Also latency p50/p99
// at batch 1.
//   npm run bench -- inference [--json] [--seconds S] [--rounds R] [--batches 1,8,32] [--threads 1,2]
// Each thread count runs in its own child process (NNKIT_THREADS is read when the addon loads); onnxruntime gets
// intraOpNumThreads = the same count, interOpNumThreads 1, sequential execution, all graph optimizations.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const lib = require('./lib');
const { inferenceModel } = require('./lib/inference-model');

const SECONDS = Number(lib.option('--seconds', '0.6'));
const ROUNDS = Number(lib.option('--rounds', '3'));
const BATCHES = lib.option('--batches', '1,8,32,256,1000').split(',').map(Number);
const THREADS = lib.option('--threads', '1,2').split(',').map(Number);

if (process.argv.includes('--child')) child().catch((e) => (console.error(e), process.exit(1)));
else parent();

function parent() {
  const rows = [],
    results = [];
  let machine;
  for (const t of THREADS) {
    const args = [
      __filename,
      '--child',
      '--threads',
      String(t),
      '--seconds',
      String(SECONDS),
      '--rounds',
      String(ROUNDS),
    ];
    const r = spawnSync(process.execPath, [...args, '--batches', BATCHES.join(',')], {
      env: { ...process.env, NNKIT_THREADS: String(t) },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`inference bench child (${t} threads) failed:\n${r.stderr}`);
    const out = JSON.parse(r.stdout.trim().split('\n').pop());
    machine ??= out.machine;
    rows.push(...out.rows);
    results.push(...out.results);
  }
  lib.report({
    title: 'MLP 784-512-256-10 + BatchNorm inference, predictions/s (ratios: nnkit / onnxruntime-node, same threads)',
    machine,
    results,
    rows,
    columns: [
      ['case', 'case'],
      ['frozen', 'nnkit frozen'],
      ['predict', 'nnkit Model.predict'],
      ['ort', 'onnxruntime-node'],
      ['ratio', 'frozen / ort'],
      ['ratioPredict', 'predict / ort'],
      ['bf16', 'nnkit frozen bf16'],
      ['ratioBf16', 'bf16 / ort'],
      ['bf16VsFp32', 'bf16 / frozen'],
    ],
    notes: [
      'batch-1 latency rows: µs per call, p50 / p99 of 20 000 back-to-back calls (ratio: ort p50 / frozen p50)',
      'fastest of the interleaved samples, 1 thread by process CPU time, 2 by wall time: read the ratios',
    ],
  });
}

async function child() {
  const nnkit = lib.loadNnkit();
  const ort = require('onnxruntime-node');
  const threads = Number(process.env.NNKIT_THREADS);
  const model = inferenceModel(nnkit);
  const frozen = model.freeze();
  const bf16 = model.freeze({ precision: 'auto' });
  const withBf16 = bf16.precision === 'bf16'; // else no bf16 columns (no AVX512_BF16 here)
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nnkit-inference-')), 'mlp.onnx');
  await model.exportONNX(file);
  const session = await ort.InferenceSession.create(file, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const rows = [],
    results = [];
  for (const batch of BATCHES) {
    const x = new Float32Array(batch * 784).map((_, i) => Math.sin(i) * 0.5 + 0.5);
    const feeds = { input: new ort.Tensor('float32', x, [batch, 784]) };
    const reference = (await session.run(feeds)).output.data;
    checkSameOutputs(frozen.predictSync(x).data, reference, 1e-3);
    if (withBf16) checkSameOutputs(bf16.predictSync(x).data, reference, 3e-2); // bf16 inputs: ~2^-8 relative each
    const rate = await interleaved({
      frozen: () => frozen.predictSync(x),
      ...(withBf16 ? { bf16: () => bf16.predictSync(x) } : {}),
      predict: () => model.predict(x, { batchSize: batch }),
      ort: () => session.run(feeds),
    });
    const row = { case: `batch ${batch}, ${threads}t`, ...scale(rate, batch) };
    const bf16Ratios = withBf16 ? { ratioBf16: row.bf16 / row.ort, bf16VsFp32: row.bf16 / row.frozen } : {};
    rows.push({ ...row, ratio: row.frozen / row.ort, ratioPredict: row.predict / row.ort, ...bf16Ratios });
    if (withBf16)
      results.push(
        lib.result(
          `frozen bf16 batch ${batch} ${threads}t`,
          row.bf16,
          'predictions/s',
          'nnkit frozen fp32',
          row.frozen,
        ),
      );
    results.push(
      lib.result(`frozen batch ${batch} ${threads}t`, row.frozen, 'predictions/s', 'onnxruntime-node', row.ort),
    );
    results.push(
      lib.result(`predict batch ${batch} ${threads}t`, row.predict, 'predictions/s', 'onnxruntime-node', row.ort),
    );
  }
  rows.push(...(await latencyRows(frozen, withBf16 ? bf16 : undefined, session, ort, threads, results)));
  console.log(JSON.stringify({ machine: lib.machineInfo(nnkit), rows, results }));
}

function checkSameOutputs(a, b, tol) {
  for (let i = 0; i < a.length; i++)
    if (!(Math.abs(a[i] - b[i]) <= tol + tol * Math.abs(b[i])))
      throw new Error(`inference bench: nnkit and onnxruntime disagree at ${i}: ${a[i]} vs ${b[i]}`);
}

// Calls per second of each (sync or async) contender: ROUNDS rounds, each contender timed for SECONDS / ROUNDS
// per round in turn, the fastest round kept. On one thread the clock is this process's CPU time (all its threads,
// onnxruntime's included), so time the neighbours of a shared machine take is not counted; on more, wall time.
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const clock = () => (Number(process.env.NNKIT_THREADS) === 1 ? cpuMs() : performance.now());

async function interleaved(contenders) {
  const best = Object.fromEntries(Object.keys(contenders).map((k) => [k, 0]));
  for (const fn of Object.values(contenders)) for (let i = 0; i < 20; i++) await fn(); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, fn] of Object.entries(contenders)) {
      const t0 = clock();
      let calls = 0,
        ms = 0;
      do {
        await fn();
        calls++;
        ms = clock() - t0;
      } while (ms < (SECONDS * 1000) / ROUNDS);
      best[name] = Math.max(best[name], (calls * 1000) / ms);
    }
  }
  return best;
}

const scale = (rate, batch) => Object.fromEntries(Object.entries(rate).map(([k, v]) => [k, v * batch]));

async function latencyRows(frozen, bf16, session, ort, threads, results) {
  const x = new Float32Array(784).fill(0.5);
  const feeds = { input: new ort.Tensor('float32', x, [1, 784]) };
  const f = await percentiles(() => frozen.predictSync(x));
  const b = bf16 && (await percentiles(() => bf16.predictSync(x)));
  const o = await percentiles(() => session.run(feeds));
  results.push(lib.result(`frozen batch 1 ${threads}t p50 latency`, f.p50, 'µs', 'onnxruntime-node', o.p50));
  const fmt = (p) => `${p.p50.toFixed(1)} / ${p.p99.toFixed(1)}`;
  const row = {
    case: `latency µs, batch 1, ${threads}t`,
    frozen: fmt(f),
    predict: '',
    ort: fmt(o),
    ratio: o.p50 / f.p50,
  };
  return [b ? { ...row, bf16: fmt(b), ratioBf16: o.p50 / b.p50, bf16VsFp32: f.p50 / b.p50 } : row];
}

async function percentiles(fn, calls = 20000) {
  const t = new Float64Array(calls);
  for (let i = 0; i < 200; i++) await fn();
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    await fn();
    t[i] = (performance.now() - t0) * 1000;
  }
  t.sort();
  return { p50: t[Math.floor(calls * 0.5)], p99: t[Math.floor(calls * 0.99)] };
}
