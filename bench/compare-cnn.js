#!/usr/bin/env node
// CNN training and inference throughput on Fashion-MNIST (bench/peers/cnn-recipe.json: conv32-BN-ReLU-pool,
// conv64-BN-ReLU-pool, FC128, FC10; batch 128, SGD momentum + weight decay), nnkit native beside PyTorch 1.13
// (Debian python3-torch; convolutions through oneDNN) at 1 and 2 threads, in one run: every runner a fresh process
// printing one JSON line, rounds alternating the order (reversed every other round), medians over rounds, ratios
// nnkit / PyTorch at the same thread budget. Then the convolutions alone (forward at batch 128, process CPU time,
// one thread) in GFLOP/s against the measured FMA peak.
//   node bench/compare-cnn.js [--rounds 2] [--seconds 4] [--max-steps 200] [--json]
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const lib = require('./lib');

const PEERS = path.join(__dirname, 'peers');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

function torchPython() {
  for (const py of [process.env.NNKIT_PYTHON, '/usr/bin/python3', 'python3'].filter(Boolean)) {
    if (spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) return py;
  }
  return undefined;
}

function runners() {
  const py = torchPython();
  const list = [];
  for (const t of [1, 2]) {
    list.push({
      id: `nnkit-${t}t`,
      threads: t,
      cmd: [process.execPath, path.join(PEERS, 'nnkit-cnn.js')],
      env: { NNKIT_THREADS: String(t) },
    });
    list.push({
      id: `torch-${t}t`,
      threads: t,
      cmd: [py, path.join(PEERS, 'torch_cnn.py'), '--threads', String(t)],
      env: { OMP_NUM_THREADS: String(t), MKL_NUM_THREADS: String(t) },
      skip: py ? undefined : 'no python3 with torch (apt-get install python3-torch, or set NNKIT_PYTHON)',
    });
  }
  return list;
}

function runOnce(r, seconds, maxSteps) {
  const p = spawnSync(r.cmd[0], [...r.cmd.slice(1), '--seconds', String(seconds), '--max-steps', String(maxSteps)], {
    env: { ...process.env, ...r.env },
    encoding: 'utf8',
  });
  const line = p.stdout?.trim().split('\n').pop();
  if (p.status !== 0 || !line?.startsWith('{'))
    return { error: (p.stderr || '').trim().split('\n').slice(-2).join(' | ') };
  return JSON.parse(line);
}

/** GFLOP/s of each convolution's forward at batch 128 on one thread (CPU time), 2·N·OC·C·k²·OH·OW FLOP each. */
function convGflops(nnkit) {
  const shapes = [
    ['conv1 1→32 28×28', 1, 32, 28],
    ['conv2 32→64 14×14', 32, 64, 14],
  ];
  return shapes.map(([name, C, OC, HW]) => {
    const conv = new nnkit.Conv2d(C, OC, 3, { padding: 1, bias: false, seed: 1 });
    const x = nnkit.Tensor.zeros([128, C, HW, HW]);
    x.data.forEach((_, i) => (x.data[i] = (i % 17) / 17));
    const flops = 2 * 128 * OC * C * 9 * HW * HW;
    return { name, gflops: lib.cpuGflops(() => conv.forward(x), flops) };
  });
}

function main() {
  const rounds = Number(lib.option('--rounds', '2')),
    seconds = Number(lib.option('--seconds', '4')),
    maxSteps = Number(lib.option('--max-steps', '200'));
  const log = (s) => process.stderr.write(s + '\n');
  const notes = [];
  const all = runners();
  for (const r of all.filter((r) => r.skip)) notes.push(`${r.id} skipped: ${r.skip}`);
  const active = all.filter((r) => !r.skip);
  const runs = Object.fromEntries(active.map((r) => [r.id, []]));
  for (let round = 0; round < rounds; round++) {
    for (const r of round % 2 ? [...active].reverse() : active) {
      const res = runOnce(r, seconds, maxSteps);
      runs[r.id].push(res);
      log(
        `[round ${round + 1}/${rounds}] ${r.id.padEnd(9)} ` +
          (res.error
            ? `failed: ${res.error}`
            : `train ${res.train.samplesPerSec.toFixed(0)}, infer ${res.infer.samplesPerSec.toFixed(0)} samples/s, loss ${res.loss.first.toFixed(2)} → ${res.loss.last.toFixed(2)}`),
      );
    }
  }
  const fig = {};
  for (const r of active) {
    const ok = runs[r.id].filter((x) => !x.error);
    if (!ok.length) notes.push(`${r.id} failed: ${runs[r.id][0]?.error}`);
    else
      fig[r.id] = {
        train: median(ok.map((x) => x.train.samplesPerSec)),
        infer: median(ok.map((x) => x.infer.samplesPerSec)),
      };
  }
  const results = [];
  for (const m of ['train', 'infer'])
    for (const t of [1, 2]) {
      const a = fig[`nnkit-${t}t`],
        b = fig[`torch-${t}t`];
      if (a) results.push(lib.result(`CNN ${m} nnkit ${t}t`, a[m], 'samples/s', b ? `torch-${t}t` : null, b?.[m]));
      if (b) results.push(lib.result(`CNN ${m} torch ${t}t`, b[m], 'samples/s'));
    }
  const nnkit = lib.loadNnkit();
  process.env.NNKIT_THREADS = '1';
  const machine = lib.machineInfo(nnkit);
  const peak = lib.fmaPeak(machine.backend?.simd === 'avx512' ? 'avx512' : 'avx2', 1);
  for (const c of convGflops(nnkit))
    results.push({ ...lib.result(`${c.name} forward`, c.gflops, 'GFLOP/s'), peakShare: peak ? c.gflops / peak : null });
  lib.report({
    title: 'CNN on Fashion-MNIST: nnkit vs PyTorch (samples/s, ratio = nnkit / PyTorch)',
    machine,
    results,
    rows: results.map((r) => ({
      name: r.name,
      value: r.value,
      unit: r.unit,
      ratio: r.ratio
        ? `${r.ratio.toFixed(2)}× ${r.peer}`
        : r.peakShare
          ? `${(100 * r.peakShare).toFixed(0)} % of the FMA peak ${lib.fmt(peak)}`
          : '',
    })),
    columns: [
      ['name', 'benchmark'],
      ['value', 'value'],
      ['unit', 'unit'],
      ['ratio', 'ratio'],
    ],
    notes,
  });
}

main();
