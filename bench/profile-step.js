#!/usr/bin/env node
// Where one nnkit training step of the recipe's MLP (bench/peers/recipe.json) spends its time, per kernel family:
// gemm / batchnorm / activations / softmax (+ cross-entropy) / optimizer / bias and sums, and "outside kernels"
// (layer code, checks, allocation: step time minus kernel time). Every Backend method is wrapped by a timer
// (the wrapper costs ~0.1 µs per call, ~40 calls a step; the unwrapped step time is measured first and shown).
//   node bench/profile-step.js [--steps 200] [--json]        native 1 and 2 threads, then js, each in a fresh process
//   node bench/profile-step.js --backend native|js [--threads T] [--precision fp32|bf16] [--steps N] [--json]
//     one configuration (--precision bf16: the Dense products on bf16 inputs, as fit({ precision: 'bf16' }))
// Output: per family (and per gemm shape, `gemm NT 128x512x784` = transA N, transB T, M×N×K) ms per step and share.
// The default run adds PyTorch's step (bench/peers/torch_mlp.py --profile) grouped into the same families.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { setup, loadNnkit } = require('./peers/nnkit-mlp');
const { findTorchPython } = require('./compare-train');
const lib = require('./lib');

// Kernel family of a Backend method, by name, so kernels added later are counted too. The fused BatchNorm+ReLU
// kernels count as batchnorm.
function familyOf(name) {
  if (name.startsWith('gemm')) return 'gemm';
  if (name.startsWith('batchNorm')) return 'batchnorm';
  if (/^(activation|prelu|maxGroups)/.test(name)) return 'activations';
  if (name.startsWith('softmax')) return 'softmax';
  if (name.endsWith('Step')) return 'optimizer';
  if (['addBias', 'sumRows', 'axpy', 'scale'].includes(name)) return 'bias and sums';
  return 'other kernels';
}

function parseArgs(argv) {
  const o = { steps: 200, json: false, backend: undefined, threads: undefined, precision: 'fp32' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') o.json = true;
    else if (a === '--steps') o.steps = Number(argv[++i]);
    else if (a === '--threads') o.threads = Number(argv[++i]);
    else if (a === '--backend') o.backend = argv[++i];
    else if (a === '--precision') o.precision = argv[++i];
    // bench/run.js hands every benchmark the same flags: another benchmark's flag is noted, not fatal.
    else
      process.stderr.write(
        `profile-step: ignoring ${a} (options: --steps N, --backend native|js, --threads T, --precision fp32|bf16, --json)\n`,
      );
  }
  if (!(Number.isInteger(o.steps) && o.steps > 0))
    throw new Error(`profile-step: --steps must be a whole number > 0, got ${o.steps}`);
  if (o.backend !== undefined && o.backend !== 'native' && o.backend !== 'js') {
    throw new Error(`profile-step: --backend must be native or js, got ${o.backend}`);
  }
  if (o.precision !== 'fp32' && o.precision !== 'bf16') {
    throw new Error(`profile-step: --precision must be fp32 or bf16, got ${o.precision}`);
  }
  return o;
}

/** Replaces each kernel on `backend` with a timed call; returns the accumulated { key: { ms, calls } }. */
function instrument(backend) {
  const acc = {};
  const names = new Set([...Object.keys(backend), ...Object.getOwnPropertyNames(Object.getPrototypeOf(backend))]);
  for (const name of names) {
    const inner = backend[name];
    if (typeof inner !== 'function' || name === 'info' || name === 'constructor' || name.endsWith('Async')) continue;
    backend[name] = function timed(...args) {
      const t0 = performance.now();
      const out = inner.apply(this, args);
      const ms = performance.now() - t0;
      const key =
        name === 'gemm' ? `gemm ${args[0] ? 'T' : 'N'}${args[1] ? 'T' : 'N'} ${args[2]}x${args[3]}x${args[4]}` : name;
      const e = (acc[key] ??= { family: familyOf(name), ms: 0, calls: 0 });
      e.ms += ms;
      e.calls++;
      return out;
    };
  }
  return acc;
}

function timeSteps(run, steps) {
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) run.trainStep(i);
  return (performance.now() - t0) / steps;
}

/** Profiles one configuration in this process (threads from NNKIT_THREADS). */
function profileHere(o) {
  const nnkit = loadNnkit();
  const run = setup(nnkit, o.backend ?? 'native', o.precision);
  const info = run.backend.info();
  const steps = info.name === 'js' ? Math.min(o.steps, 20) : o.steps; // the JS step is ~1 s
  run.model.train();
  timeSteps(run, Math.max(3, Math.round(steps / 10))); // warm-up: JIT, first-batch buffers, thread pool
  const plainMs = timeSteps(run, steps);
  const acc = instrument(run.backend);
  const stepMs = timeSteps(run, steps);
  const kernels = Object.entries(acc).map(([key, e]) => ({
    key,
    family: e.family,
    msPerStep: e.ms / steps,
    callsPerStep: e.calls / steps,
    share: e.ms / steps / stepMs,
  }));
  const families = {};
  for (const k of kernels) families[k.family] = (families[k.family] ?? 0) + k.msPerStep;
  const kernelMs = kernels.reduce((s, k) => s + k.msPerStep, 0);
  families['outside kernels'] = Math.max(0, stepMs - kernelMs);
  const config = `${info.name}${info.name === 'native' ? ` ${info.simd} ${info.threads}t` : ''}${o.precision === 'bf16' ? ' bf16' : ''}`;
  return {
    config,
    backend: info,
    steps,
    plainMsPerStep: plainMs,
    stepMs,
    kernels,
    families: Object.entries(families).map(([family, ms]) => ({ family, msPerStep: ms, share: ms / stepMs })),
  };
}

function resultsOf(p) {
  return [
    lib.result(`profile ${p.config}: step`, p.stepMs, 'ms/step'),
    ...p.families.map((f) => ({
      ...lib.result(`profile ${p.config}: ${f.family}`, f.share * 100, '% of step'),
      msPerStep: f.msPerStep,
    })),
  ];
}

/** The same step in PyTorch (bench/peers/torch_mlp.py --profile, torch.profiler self CPU time per family), torch
 *  1 thread with OpenBLAS 1 and 2 threads (OPENBLAS_CORETYPE=SkylakeX); none when no python3 has torch. */
function torchProfiles(steps) {
  const python = findTorchPython();
  if (!python) {
    process.stderr.write(
      'profile-step: PyTorch profile skipped: no python3 with torch (apt-get install python3-torch)\n',
    );
    return [];
  }
  return [1, 2].map((blas) => {
    process.stderr.write(`profile-step: torch 1t BLAS ${blas}t ...\n`);
    const p = spawnSync(
      python,
      [path.join(__dirname, 'peers', 'torch_mlp.py'), '--profile', String(Math.min(steps, 100))],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        env: {
          ...process.env,
          OPENBLAS_CORETYPE: 'SkylakeX',
          OPENBLAS_NUM_THREADS: String(blas),
          OMP_NUM_THREADS: '1',
        },
      },
    );
    if (p.status !== 0) throw new Error(`profile-step: torch profile failed (exit ${p.status})`);
    return { kernels: [], ...JSON.parse(p.stdout.trim().split('\n').pop()) };
  });
}

function print(p) {
  const unwrapped = p.config.startsWith('torch') ? 'without the profiler' : 'unwrapped';
  console.log(
    `\n${p.config}: ${p.stepMs.toFixed(2)} ms/step timed (${p.plainMsPerStep.toFixed(2)} ms/step ${unwrapped}), ` +
      `${p.steps} steps, batch 128`,
  );
  lib.table(
    [...p.families].sort((a, b) => b.msPerStep - a.msPerStep).map((f) => ({ ...f, share: f.share * 100 })),
    [
      ['family', 'family'],
      ['msPerStep', 'ms/step'],
      ['share', '% of step'],
    ],
  );
  if (!p.kernels.length) return;
  console.log('');
  lib.table(
    [...p.kernels].sort((a, b) => b.msPerStep - a.msPerStep).map((k) => ({ ...k, share: k.share * 100 })),
    [
      ['key', 'kernel'],
      ['callsPerStep', 'calls/step'],
      ['msPerStep', 'ms/step'],
      ['share', '% of step'],
    ],
  );
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.threads !== undefined) process.env.NNKIT_THREADS = String(o.threads);
  let profiles;
  if (o.backend) {
    profiles = [profileHere(o)];
  } else {
    // One fresh process per configuration: the native pool size is fixed when the addon loads.
    profiles = [
      ['native', 1],
      ['native', 2],
      ['js', 1],
    ].map(([backend, threads]) => {
      process.stderr.write(`profile-step: ${backend} ${threads}t ...\n`);
      const p = spawnSync(
        process.execPath,
        [
          __filename,
          '--backend',
          backend,
          '--threads',
          String(threads),
          '--steps',
          String(o.steps),
          '--precision',
          o.precision,
        ],
        { encoding: 'utf8', env: { ...process.env, NNKIT_PROFILE_RAW: '1' }, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      if (p.status !== 0) throw new Error(`profile-step: ${backend} ${threads}t failed (exit ${p.status})`);
      return JSON.parse(p.stdout.trim().split('\n').pop());
    });
    profiles.push(...torchProfiles(o.steps));
  }
  if (process.env.NNKIT_PROFILE_RAW === '1' && o.backend) {
    // a child of the default run: raw profile only
    process.stdout.write(JSON.stringify(profiles[0]) + '\n');
    return;
  }
  const machine = lib.machineInfo(loadNnkit());
  if (o.json) {
    process.stdout.write(
      JSON.stringify({
        bench: 'profile-step',
        machine,
        command: `node bench/profile-step.js ${process.argv.slice(2).join(' ')}`.trim(),
        results: profiles.flatMap(resultsOf),
        profiles,
      }) + '\n',
    );
    return;
  }
  console.log(
    `\nprofile of one training step (MLP 784-512-256-10, BatchNorm + ReLU, SGD momentum)\n${lib.machineLine(machine)}`,
  );
  profiles.forEach(print);
}

try {
  main();
} catch (e) {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
}
