#!/usr/bin/env node
// End-to-end training and inference throughput of the Fashion-MNIST MLP (bench/peers/recipe.json: 784-512-256-10,
// BatchNorm + ReLU, batch 128, SGD momentum + weight decay), nnkit beside the libraries users would pick instead,
// in one run, every runner on the same per-pixel standardized inputs (peers/fashion-mnist.js, torch_mlp.py): nnkit
// native (1 and 2 threads), nnkit JS, TF.js 4.22 cpu and wasm+SIMD, PyTorch (best torch/BLAS thread split,
// OPENBLAS_CORETYPE=SkylakeX). Every runner is a fresh process printing one JSON line; rounds
// alternate the runners (reversed order every other round) so load drift hits all alike; figures are medians over
// rounds, ratios are nnkit / peer at the same thread budget. Mixed precision (bf16 matmul inputs, fp32 elsewhere):
// nnkit with its Dense products on gemmBf16 (skipped where the CPU has no AVX512_BF16) beside PyTorch under
// torch.cpu.amp.autocast(dtype=torch.bfloat16).
//   node bench/compare-train.js [--rounds 2] [--seconds 3] [--max-steps 300] [--only a,b] [--json]
// Peers not installed are skipped with a note: `npm run bench:peers` (TF.js), `apt-get install python3-torch`.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const lib = require('./lib');

const PEERS = path.join(__dirname, 'peers');

/** A python3 that imports torch: $NNKIT_PYTHON, Debian's /usr/bin/python3, then python3 on PATH. */
function findTorchPython() {
  for (const py of [process.env.NNKIT_PYTHON, '/usr/bin/python3', 'python3'].filter(Boolean)) {
    const r = spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' });
    if (r.status === 0) return py;
  }
  return undefined;
}

function tfjsInstalled() {
  return fs.existsSync(path.join(PEERS, 'node_modules', '@tensorflow', 'tfjs-backend-wasm'));
}

/** Every runner: id, thread budget, how to start it, and why it is skipped (undefined = runs). */
function runners() {
  const nnkit = (backend, threads) => ({
    id: `nnkit-${backend}${backend === 'native' ? `-${threads}t` : ''}`,
    library: 'nnkit',
    threads,
    cmd: [process.execPath, path.join(PEERS, 'nnkit-mlp.js'), '--backend', backend],
    env: { NNKIT_BACKEND: backend, NNKIT_THREADS: String(threads) },
  });
  const bf16 = bf16Native();
  const nnkitBf16 = (threads) => ({
    ...nnkit('native', threads),
    id: `nnkit-bf16-${threads}t`,
    cmd: [process.execPath, path.join(PEERS, 'nnkit-mlp.js'), '--backend', 'native', '--precision', 'bf16'],
    skip: bf16 ? undefined : 'no AVX512_BF16 on this CPU (or the native addon is not built)',
  });
  const tfjs = (backend) => ({
    id: `tfjs-${backend}`,
    library: 'TensorFlow.js',
    threads: 1,
    cmd: [process.execPath, path.join(PEERS, 'tfjs-mlp.js'), '--backend', backend],
    skip: tfjsInstalled() ? undefined : 'TF.js not installed in bench/peers (npm run bench:peers)',
  });
  const python = findTorchPython();
  const torch = (threads) => ({
    id: `torch-${threads}t`,
    library: 'PyTorch',
    threads,
    cmd: [python, path.join(PEERS, 'torch_mlp.py'), '--threads', String(threads)],
    skip: python ? undefined : 'no python3 with torch (apt-get install python3-torch, or set NNKIT_PYTHON)',
  });
  const torchBf16 = (threads) => ({
    ...torch(threads),
    id: `torch-bf16-${threads}t`,
    cmd: [python, path.join(PEERS, 'torch_mlp.py'), '--threads', String(threads), '--autocast', 'bf16'],
  });
  return [
    nnkit('native', 1),
    nnkit('native', 2),
    nnkit('js', 1),
    tfjs('cpu'),
    tfjs('wasm'),
    torch(1),
    torch(2),
    nnkitBf16(1),
    nnkitBf16(2),
    torchBf16(1),
    torchBf16(2),
  ];
}

/** Whether the native backend runs bf16 products natively here (backendInfo().bf16). */
function bf16Native() {
  try {
    return lib.loadNnkit().getBackend('native').info().bf16 === true;
  } catch {
    return false;
  }
}

/** Which peer each nnkit runner is held against (same thread budget; JS and TF.js are single-threaded). */
const COMPARISONS = {
  'nnkit-native-1t': ['torch-1t', 'tfjs-wasm', 'tfjs-cpu'],
  'nnkit-native-2t': ['torch-2t', 'tfjs-wasm'],
  'nnkit-js': ['tfjs-wasm', 'tfjs-cpu', 'torch-1t'],
  'nnkit-bf16-1t': ['torch-bf16-1t', 'nnkit-native-1t', 'torch-1t'],
  'nnkit-bf16-2t': ['torch-bf16-2t', 'nnkit-native-2t', 'torch-2t'],
};

/** Targets from the [bench] issue: nnkit / peer ≥ factor. */
const TARGETS = [
  ['train', 'nnkit-native-1t', 'torch-1t', 1.5],
  ['train', 'nnkit-native-2t', 'torch-2t', 1.5],
  ['infer', 'nnkit-native-1t', 'torch-1t', 1.5],
  ['infer', 'nnkit-native-2t', 'torch-2t', 1.5],
  ['train', 'nnkit-js', 'tfjs-wasm', 2],
  ['train', 'nnkit-native-1t', 'tfjs-wasm', 50],
  ['train', 'nnkit-bf16-1t', 'torch-bf16-1t', 1.5],
  ['train', 'nnkit-bf16-2t', 'torch-bf16-2t', 1.5],
];

function parseArgs(argv) {
  const o = { rounds: 2, seconds: 3, maxSteps: 300, only: undefined, json: false };
  for (let i = 0; i < argv.length; i++) {
    const [key, inline] = argv[i].split('=');
    const next = () => inline ?? argv[++i];
    if (key === '--json') o.json = true;
    else if (key === '--rounds') o.rounds = Number(next());
    else if (key === '--seconds') o.seconds = Number(next());
    else if (key === '--max-steps') o.maxSteps = Number(next());
    else if (key === '--only') o.only = next().split(',');
    // bench/run.js hands every benchmark the same flags: another benchmark's flag is noted, not fatal.
    else
      process.stderr.write(
        `compare-train: ignoring ${argv[i]} (options: --rounds, --seconds, --max-steps, --only, --json)\n`,
      );
  }
  for (const k of ['rounds', 'seconds', 'maxSteps']) {
    if (!(o[k] > 0)) throw new Error(`compare-train: --${k.replace('S', '-s')} must be a number > 0, got ${o[k]}`);
  }
  return o;
}

function runOnce(r, opts) {
  const t0 = performance.now();
  const p = spawnSync(
    r.cmd[0],
    [...r.cmd.slice(1), '--seconds', String(opts.seconds), '--max-steps', String(opts.maxSteps)],
    { env: { ...process.env, ...r.env }, encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  const wall = (performance.now() - t0) / 1000;
  const line = p.stdout?.trim().split('\n').pop();
  if (p.status !== 0 || !line?.startsWith('{')) {
    const lines = (p.stderr || p.error?.message || '').trim().split('\n');
    const why = lines.find((l) => /Error|error:/.test(l)) ?? lines.slice(-2).join(' | ');
    return { error: `exit ${p.status}: ${why}`, wall };
  }
  return { ...JSON.parse(line), wall };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Medians over the rounds that succeeded (a runner that failed every round becomes a note, as does one whose
 *  loss did not go down), one result per runner and metric, one per nnkit runner × peer with the ratio, the
 *  issue's targets, library versions and PyTorch's best split. `runs`: { id: [runner JSON line | { error }] }. */
function summarize(active, runs, notes) {
  const figures = {};
  for (const r of active) {
    const ok = runs[r.id].filter((x) => !x.error);
    if (!ok.length) {
      notes.push(`${r.id} failed: ${runs[r.id][0]?.error ?? 'no run'}`);
      continue;
    }
    figures[r.id] = { runner: r, last: ok[ok.length - 1], rounds: ok.length };
    for (const m of ['train', 'infer']) {
      const v = ok.map((x) => x[m].samplesPerSec);
      figures[r.id][m] = { median: median(v), min: Math.min(...v), max: Math.max(...v) };
    }
    const loss = ok[ok.length - 1].loss;
    if (!(loss.last < loss.first) || !Number.isFinite(loss.last)) {
      notes.push(`${r.id}: loss did not go down (${loss.first} → ${loss.last}): its recipe is broken`);
    }
  }
  const results = [];
  for (const m of ['train', 'infer']) {
    for (const id of Object.keys(figures)) {
      const f = figures[id];
      const base = {
        name: `${m} ${id}`,
        metric: m,
        runner: id,
        threads: f.runner.threads,
        value: f[m].median,
        unit: 'samples/s',
        min: f[m].min,
        max: f[m].max,
        rounds: f.rounds,
      };
      results.push({ ...base, peer: null, ratio: null });
      for (const peer of COMPARISONS[id] ?? []) {
        if (figures[peer]) results.push({ ...base, peer, ratio: f[m].median / figures[peer][m].median });
      }
    }
  }
  const targets = TARGETS.filter(([, a, b]) => figures[a] && figures[b]).map(([m, a, b, factor]) => {
    const ratio = figures[a][m].median / figures[b][m].median;
    return { metric: m, runner: a, peer: b, want: factor, ratio, met: ratio >= factor };
  });
  const versions = Object.fromEntries(Object.values(figures).map((f) => [f.runner.library, f.last.version]));
  const torchBest = Object.fromEntries(
    Object.values(figures)
      .filter((f) => f.last.best)
      .map((f) => [f.runner.id, f.last.best]),
  );
  return { results, targets, versions, torchBest };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const log = (s) => process.stderr.write(s + '\n');
  let all = runners();
  if (opts.only) {
    const unknown = opts.only.filter((id) => !all.some((r) => r.id === id));
    if (unknown.length)
      throw new Error(`compare-train: --only ${unknown.join(',')}: runners are ${all.map((r) => r.id).join(', ')}`);
    all = all.filter((r) => opts.only.includes(r.id));
  }
  const notes = [];
  for (const r of all.filter((r) => r.skip)) notes.push(`${r.id} skipped: ${r.skip}`);
  notes.forEach((n) => log(n));
  const active = all.filter((r) => !r.skip);
  let nnkit;
  try {
    nnkit = lib.loadNnkit();
  } catch (e) {
    notes.push(
      `nnkit not loaded from dist/ (${e.message.split('\n')[0]}): run \`npm run build:ts\` or use npm run bench`,
    );
  }
  const machine = lib.machineInfo(nnkit);
  const runs = Object.fromEntries(active.map((r) => [r.id, []]));
  for (let round = 0; round < opts.rounds; round++) {
    const order = round % 2 ? [...active].reverse() : active;
    for (const r of order) {
      process.stderr.write(`[round ${round + 1}/${opts.rounds}] ${r.id.padEnd(16)} `);
      const res = runOnce(r, opts);
      runs[r.id].push(res);
      log(
        res.error
          ? `failed (${res.error})`
          : `train ${res.train.samplesPerSec.toFixed(0)} samples/s, infer ${res.infer.samplesPerSec.toFixed(0)} samples/s, ` +
              `loss ${res.loss.first.toFixed(2)} → ${res.loss.last.toFixed(2)} (${res.wall.toFixed(1)} s)`,
      );
    }
  }

  const { results, targets, versions, torchBest } = summarize(active, runs, notes);
  machine.loadavgAfter = require('node:os')
    .loadavg()
    .map((v) => Math.round(v * 100) / 100);
  const report = {
    bench: 'compare-train',
    machine,
    versions,
    command: `node bench/compare-train.js ${process.argv.slice(2).join(' ')}`.trim(),
    recipe: require('./peers/recipe.json'),
    options: opts,
    torchBestSplit: torchBest,
    results,
    targets,
    notes,
  };
  if (opts.json) {
    process.stdout.write(JSON.stringify(report) + '\n');
  } else {
    printReport(report);
  }
}

/** The table for people: figures per runner (median, min–max over rounds), then ratios, targets and notes. */
function printReport(r) {
  console.log(
    `\nFashion-MNIST MLP 784-512-256-10 + BatchNorm, batch ${r.recipe.batch}, SGD momentum: samples/s, ` +
      `median of ${r.options.rounds} alternated rounds\n${lib.machineLine(r.machine)}; load after ${r.machine.loadavgAfter.join(' ')}\n`,
  );
  const own = r.results.filter((x) => x.peer === null);
  const rows = [...new Set(own.map((x) => x.runner))].map((id) => {
    const get = (m) => own.find((x) => x.runner === id && x.metric === m);
    const range = (x) => `${lib.fmt(x.min)}–${lib.fmt(x.max)}`;
    return {
      id,
      threads: get('train').threads,
      train: get('train').value,
      trainRange: range(get('train')),
      infer: get('infer').value,
      inferRange: range(get('infer')),
    };
  });
  lib.table(rows, [
    ['id', 'runner'],
    ['threads', 'threads'],
    ['train', 'train'],
    ['trainRange', 'min–max'],
    ['infer', 'infer'],
    ['inferRange', 'min–max'],
  ]);
  const ratios = r.results
    .filter((x) => x.peer !== null && x.metric === 'train')
    .map((x) => ({
      pair: `${x.runner} / ${x.peer}`,
      train: x.ratio,
      infer: r.results.find((y) => y.metric === 'infer' && y.runner === x.runner && y.peer === x.peer)?.ratio,
    }));
  if (ratios.length) {
    console.log('');
    lib.table(ratios, [
      ['pair', 'nnkit / peer'],
      ['train', 'train ×'],
      ['infer', 'infer ×'],
    ]);
  }
  console.log('');
  for (const t of r.targets) {
    console.log(
      `target: ${t.metric} ${t.runner} / ${t.peer} ≥ ${t.want}×: ${lib.fmt(t.ratio)}× ${t.met ? 'met' : 'NOT met'}`,
    );
  }
  for (const [id, b] of Object.entries(r.torchBestSplit)) {
    console.log(
      `${id}: best split torch ${b.torchThreads} / OpenBLAS ${b.blasThreads} threads (OpenBLAS core ${b.core})`,
    );
  }
  for (const n of r.notes) console.log(`note: ${n}`);
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  });
}

module.exports = { summarize, median, findTorchPython, COMPARISONS, TARGETS };
