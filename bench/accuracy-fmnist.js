#!/usr/bin/env node
// Test accuracy of the Fashion-MNIST recipe (784-512-256-10, BatchNorm, ReLU, He init, SGD lr 0.1 momentum 0.9
// weight decay 5e-4, batch 128, inputs in [0, 1] standardized per pixel), nnkit beside PyTorch
// (bench/peers/torch_fmnist.py, Debian python3-torch), mean over seeds after every epoch, and the difference in
// percentage points. Targets: |nnkit − PyTorch| ≤ 0.3 points after 1 and 5 epochs (constant lr), and ≥ 89.5 %
// after 10 epochs with a cosine schedule.
//
//   node bench/accuracy-fmnist.js [--epochs 1] [--seeds 0] [--schedule constant|cosine] [--precision fp32|bf16]
//                                 [--model mlp|cnn] [--torch-json f1,f2,...] [--json]
// --model cnn: the default CNN of `nnkit train --model cnn` (src/recipes/cnn.ts) on images [N, 1, 28, 28]
// standardized per channel, the same network in PyTorch (torch_fmnist.py --model cnn); same optimizer and schedule.
// --precision bf16: nnkit fits with precision 'bf16' and also in fp32 (the bf16 − fp32 column), PyTorch under
// torch.cpu.amp.autocast(dtype=torch.bfloat16).
// The PyTorch run is slow on a shared machine: --torch-json reuses the JSON line torch_fmnist.py printed.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { loadNnkit, machineInfo, report, result } = require('./lib');

function arg(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
}

// The model `nnkit train --data fashion-mnist [--model cnn] --seed <seed>` builds.
function buildModel(nnkit, arch, seed) {
  if (arch === 'cnn') {
    const { buildCnn } = require(path.join(__dirname, '..', 'dist', 'recipes', 'cnn.js'));
    return buildCnn('cnn', [1, 28, 28], 10, seed);
  }
  const { buildLayers } = require(path.join(__dirname, '..', 'dist', 'recipes', 'mlp.js'));
  return new nnkit.Model(
    buildLayers(784, [512, 256], 10, { activation: 'relu', bn: true, init: 'he', dropout: 0, seed }),
  );
}

async function nnkitRun(nnkit, data, seed, epochs, schedule, precision, arch) {
  const model = buildModel(nnkit, arch, seed);
  const t0 = performance.now();
  const h = await model.fit(data.train, {
    epochs,
    batchSize: 128,
    seed,
    schedule,
    precision,
    validation: data.test,
    preprocess: nnkit.data.standardize(arch === 'cnn' ? 'channel' : 'feature'),
    optimizer: new nnkit.optim.SGD({ lr: 0.1, momentum: 0.9, weightDecay: 5e-4 }),
  });
  const acc = h.epochs.map((e) => e.valAccuracy);
  process.stderr.write(`nnkit ${precision} seed ${seed}: ${acc.map((a) => (100 * a).toFixed(2)).join(' ')} %\n`);
  return { seed, testAccuracy: acc, seconds: (performance.now() - t0) / 1000 };
}

// PyTorch's result: the JSON line(s) of --torch-json, read after nnkit's runs (so torch_fmnist.py can run beside
// them), or a torch_fmnist.py run now.
function torchResult(epochs, seeds, schedule, precision, arch) {
  let torch;
  const torchJson = arg('torch-json');
  if (torchJson) {
    // one or more files (comma-separated), e.g. one per seed run in parallel; their runs are merged
    const parts = torchJson.split(',').map((f) => JSON.parse(fs.readFileSync(f, 'utf8').trim().split('\n').pop()));
    const runs = parts.flatMap((p) => p.runs);
    const n = Math.min(...runs.map((r) => r.testAccuracy.length));
    torch = {
      ...parts[0],
      runs,
      mean: Array.from({ length: n }, (_, e) => runs.reduce((a, r) => a + r.testAccuracy[e], 0) / runs.length),
    };
  } else {
    const r = spawnSync(
      '/usr/bin/python3',
      [
        path.join(__dirname, 'peers', 'torch_fmnist.py'),
        '--epochs',
        String(epochs),
        '--seeds',
        seeds.join(','),
        '--schedule',
        schedule,
        ...(precision === 'bf16' ? ['--autocast', 'bf16'] : []),
        '--model',
        arch,
      ],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, OPENBLAS_CORETYPE: process.env.OPENBLAS_CORETYPE ?? 'SkylakeX' },
      },
    );
    if (r.status !== 0) throw new Error(`torch_fmnist.py failed (exit ${r.status}); is python3-torch installed?`);
    torch = JSON.parse(r.stdout.trim().split('\n').pop());
  }
  if (torch.recipe.schedule !== schedule || torch.mean.length < epochs || (torch.recipe.model ?? 'mlp') !== arch) {
    throw new Error(
      `the PyTorch result has ${torch.mean.length} epochs of ${torch.recipe.model ?? 'mlp'} with schedule ${torch.recipe.schedule}; asked ${epochs} of ${arch} with ${schedule}`,
    );
  }
  return torch;
}

async function main() {
  const nnkit = loadNnkit();
  const epochs = Number(arg('epochs', '1'));
  const seeds = arg('seeds', '0').split(',').map(Number);
  const schedule = arg('schedule', 'constant');
  const precision = arg('precision', 'fp32');
  const arch = arg('model', 'mlp');
  const loaded = await nnkit.data.loadFashionMNIST();
  const data =
    arch === 'cnn' ? { train: nnkit.data.asImages(loaded.train), test: nnkit.data.asImages(loaded.test) } : loaded;
  const meanOf = async (p) => {
    const runs = [];
    for (const s of seeds) runs.push(await nnkitRun(nnkit, data, s, epochs, schedule, p, arch));
    return Array.from({ length: epochs }, (_, e) => runs.reduce((a, r) => a + r.testAccuracy[e], 0) / runs.length);
  };
  const mean = await meanOf(precision);
  const fp32 = precision === 'bf16' ? await meanOf('fp32') : undefined;
  const torch = torchResult(epochs, seeds, schedule, precision, arch);
  const rows = mean.map((m, e) => ({
    epoch: e + 1,
    nnkit: 100 * m,
    torch: 100 * torch.mean[e],
    diff: 100 * (m - torch.mean[e]),
    ...(fp32 ? { fp32: 100 * fp32[e], vsFp32: 100 * (m - fp32[e]) } : {}),
  }));
  report({
    title: `Fashion-MNIST ${arch === 'cnn' ? 'CNN ' : ''}test accuracy, mean of ${seeds.length} seed(s) (nnkit seeds ${seeds.join(',')}; PyTorch seeds ${torch.runs.map((r) => r.seed).join(',')}), schedule ${schedule}`,
    machine: machineInfo(nnkit),
    results: rows.map((r) =>
      result(
        `fmnist ${arch === 'cnn' ? 'cnn ' : ''}test accuracy after ${r.epoch} epoch(s), ${schedule}, ${precision}`,
        r.nnkit,
        '%',
        torch.peer,
        r.torch,
      ),
    ),
    rows: rows.map((r) => ({
      ...r,
      nnkit: r.nnkit.toFixed(2),
      torch: r.torch.toFixed(2),
      diff: (r.diff >= 0 ? '+' : '') + r.diff.toFixed(2),
      ...(fp32 ? { fp32: r.fp32.toFixed(2), vsFp32: (r.vsFp32 >= 0 ? '+' : '') + r.vsFp32.toFixed(2) } : {}),
    })),
    columns: [
      ['epoch', 'epoch'],
      ['nnkit', `nnkit ${precision} %`],
      ['torch', `${torch.peer} %`],
      ['diff', 'nnkit − torch (points)'],
      ...(fp32
        ? [
            ['fp32', 'nnkit fp32 %'],
            ['vsFp32', 'bf16 − fp32 (points)'],
          ]
        : []),
    ],
    notes: [
      'targets: within 0.3 points of PyTorch after 1 and 5 epochs; ≥ 89.5 % after 10 epochs with --schedule cosine',
    ],
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
