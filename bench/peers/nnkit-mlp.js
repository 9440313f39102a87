#!/usr/bin/env node
// nnkit on the peers' recipe (recipe.json) and timing protocol (measure.js), step by step through the public API
// exactly as the peers run theirs: zeroGrad, forward, softmax cross-entropy, backward, SGD step. Loads dist/
// (bench/run.js recompiles it when stale; otherwise `npm run build:ts`). Threads come from NNKIT_THREADS.
//   NNKIT_THREADS=1 node bench/peers/nnkit-mlp.js --backend native|js [--precision fp32|bf16] [--seconds S]
//     [--max-steps N]
// --precision bf16: the Dense products on bf16 inputs with fp32 sums, as fit({ precision: 'bf16' }) sets them.
// Prints one JSON line like the peers: { runner, version, backend, simd, threads, train, infer, loss }.
// bench/profile-step.js reuses setup() to profile the same step.
'use strict';
const path = require('node:path');
const { loadFashionMNIST } = require('./fashion-mnist');
const { measure, parseRunnerArgs } = require('./measure');
const recipe = require('./recipe.json');

function loadNnkit() {
  return require(path.join(__dirname, '..', '..', 'dist'));
}

/** The recipe's model, loss, optimizer and cycled batches on `backendName`; trainStep(i) / inferStep(i). */
function setup(nnkit, backendName, precision = 'fp32') {
  const backend = nnkit.setBackend(backendName);
  const [inputs, h1, h2, classes] = recipe.sizes;
  const B = recipe.batch;
  // BatchNorm + ReLU fused and no Dense bias before a BatchNorm, as `nnkit train` builds it (src/recipes/mlp.ts).
  const bnRelu = (n) => new nnkit.BatchNorm(n, { momentum: recipe.bnMomentum, eps: recipe.bnEps, relu: true });
  const model = new nnkit.Sequential([
    new nnkit.Dense(inputs, h1, { init: 'he', seed: recipe.seed, bias: false }),
    bnRelu(h1),
    new nnkit.Dense(h1, h2, { init: 'he', seed: recipe.seed + 1, bias: false }),
    bnRelu(h2),
    new nnkit.Dense(h2, classes, { init: 'he', seed: recipe.seed + 2 }),
  ]);
  for (const l of model.layers) if (l instanceof nnkit.Dense) l.matmulPrecision = precision;
  const params = model.parameters();
  const loss = new nnkit.SoftmaxCrossEntropy();
  const opt = new nnkit.optim.SGD({ lr: recipe.lr, momentum: recipe.momentum, weightDecay: recipe.weightDecay });

  // Batches are views into one Float32Array, cycled (as the peers cycle pre-made tensors).
  const data = loadFashionMNIST('train', Math.min(recipe.trainRows, 64 * B), { standardize: true });
  const nBatches = Math.floor(data.n / B);
  const xs = [];
  const ys = [];
  for (let i = 0; i < nBatches; i++) {
    xs.push(new nnkit.Tensor(data.x.subarray(i * B * inputs, (i + 1) * B * inputs), [B, inputs]));
    ys.push(data.y.subarray(i * B, (i + 1) * B));
  }
  const losses = [];
  return {
    backend,
    model,
    losses,
    trainStep(i) {
      opt.zeroGrad(params);
      const value = loss.forward(model.forward(xs[i % nBatches], { training: true }), ys[i % nBatches]);
      model.backwardParams(loss.backward()); // like torch: no gradient for the input data
      opt.step(params);
      losses.push(value);
    },
    inferStep(i) {
      model.forward(xs[i % nBatches], { training: false });
    },
  };
}

async function main() {
  const args = parseRunnerArgs(process.argv.slice(2));
  const precision = args.precision ?? 'fp32';
  const run = setup(loadNnkit(), args.backend ?? 'native', precision);
  run.model.train();
  const train = await measure(run.trainStep, recipe, args);
  run.model.eval();
  const infer = await measure(run.inferStep, recipe, args);
  const info = run.backend.info();
  process.stdout.write(
    JSON.stringify({
      runner: `nnkit-${info.name}`,
      library: 'nnkit',
      version: info.version,
      backend: info.name,
      simd: info.simd,
      precision,
      bf16: info.bf16,
      threads: info.threads,
      batch: recipe.batch,
      train,
      infer,
      loss: { first: run.losses[0], last: run.losses[run.losses.length - 1] },
    }) + '\n',
  );
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`nnkit-mlp: ${e.stack || e.message}\n`);
    process.exit(1);
  });
}

module.exports = { setup, loadNnkit };
