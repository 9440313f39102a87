#!/usr/bin/env node
// nnkit on the CNN recipe (cnn-recipe.json) with the peers' timing protocol (measure.js), step by step through the
// public API as torch_cnn.py runs PyTorch: zeroGrad, forward, softmax cross-entropy, backward, SGD step.
//   NNKIT_THREADS=1 node bench/peers/nnkit-cnn.js [--seconds S] [--max-steps N]
// Prints one JSON line: { runner, version, backend, simd, threads, train, infer, loss }.
'use strict';
const { loadFashionMNIST } = require('./fashion-mnist');
const { measure, parseRunnerArgs } = require('./measure');
const { loadNnkit } = require('./nnkit-mlp');
const recipe = require('./cnn-recipe.json');

function setup(nnkit) {
  const backend = nnkit.setBackend('native');
  const { buildCnnLayers } = require('../../dist/recipes/cnn');
  const model = new nnkit.Sequential(buildCnnLayers(recipe.spec, [1, 28, 28], 10, recipe.seed));
  const params = model.parameters();
  const loss = new nnkit.SoftmaxCrossEntropy();
  const opt = new nnkit.optim.SGD({ lr: recipe.lr, momentum: recipe.momentum, weightDecay: recipe.weightDecay });
  const B = recipe.batch;
  const data = loadFashionMNIST('train', Math.min(recipe.trainRows, 32 * B));
  const nBatches = Math.floor(data.n / B);
  const xs = [],
    ys = [];
  for (let i = 0; i < nBatches; i++) {
    xs.push(new nnkit.Tensor(data.x.subarray(i * B * 784, (i + 1) * B * 784), [B, 1, 28, 28]));
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
      model.backwardParams(loss.backward());
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
  const run = setup(loadNnkit());
  const train = await measure(run.trainStep, recipe, args);
  const infer = await measure(run.inferStep, recipe, args);
  const info = run.backend.info();
  process.stdout.write(
    JSON.stringify({
      runner: 'nnkit-native',
      library: 'nnkit',
      version: info.version,
      simd: info.simd,
      threads: info.threads,
      batch: recipe.batch,
      train,
      infer,
      loss: { first: run.losses[0], last: run.losses[run.losses.length - 1] },
    }) + '\n',
  );
}

main().catch((e) => {
  process.stderr.write(`nnkit-cnn: ${e.stack || e.message}\n`);
  process.exit(1);
});
