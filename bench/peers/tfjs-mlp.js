#!/usr/bin/env node
// Peer: TensorFlow.js 4.22 (tfjs-layers) training the recipe's MLP, on its cpu backend or on
// @tensorflow/tfjs-backend-wasm with SIMD (Node has no wasm threads for tfjs, so one thread either way).
//   node bench/peers/tfjs-mlp.js --backend cpu|wasm [--seconds S] [--max-steps N]
// Prints one JSON line: { runner, version, backend, simd, threads, train: {samplesPerSec, steps, seconds},
// infer: {...}, loss: {first, last} }.
// Recipe mapping: torch weight_decay wd on weights = Keras l2(wd/2) (gradient wd·w), applied to the dense kernels
// only (torch also decays biases and BatchNorm γ/β: a few thousand extra values, negligible cost); Keras BatchNorm
// momentum is 1 − torch momentum; the loss is softmax cross-entropy on logits (tf.losses.softmaxCrossEntropy).
'use strict';
const { loadFashionMNIST } = require('./fashion-mnist');
const { measure, parseRunnerArgs } = require('./measure');
const recipe = require('./recipe.json');

async function main() {
  const args = parseRunnerArgs(process.argv.slice(2));
  const backend = args.backend ?? 'cpu';
  if (backend !== 'cpu' && backend !== 'wasm') throw new Error(`--backend must be cpu or wasm, got ${backend}`);
  const tf = require('@tensorflow/tfjs-core');
  require('@tensorflow/tfjs-backend-cpu');
  if (backend === 'wasm') require('@tensorflow/tfjs-backend-wasm');
  const tfl = require('@tensorflow/tfjs-layers');
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} did not initialize`);
  await tf.ready();
  tf.util.seedrandom?.(String(recipe.seed));

  const [inputs, h1, h2, classes] = recipe.sizes;
  const B = recipe.batch;
  const l2 = tfl.regularizers.l2({ l2: recipe.weightDecay / 2 });
  const bn = () => tfl.layers.batchNormalization({ momentum: 1 - recipe.bnMomentum, epsilon: recipe.bnEps });
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({
        units: h1,
        inputShape: [inputs],
        useBias: false,
        kernelInitializer: 'heNormal',
        kernelRegularizer: l2,
      }),
      bn(),
      tfl.layers.activation({ activation: 'relu' }),
      tfl.layers.dense({ units: h2, useBias: false, kernelInitializer: 'heNormal', kernelRegularizer: l2 }),
      bn(),
      tfl.layers.activation({ activation: 'relu' }),
      tfl.layers.dense({ units: classes, kernelInitializer: 'heNormal', kernelRegularizer: l2 }),
    ],
  });
  model.compile({
    optimizer: tf.train.momentum(recipe.lr, recipe.momentum),
    loss: (yTrue, logits) => tf.losses.softmaxCrossEntropy(yTrue, logits),
  });

  // A fixed set of batches as tensors, cycled: the step itself is what is timed, not slicing.
  const data = loadFashionMNIST('train', Math.min(recipe.trainRows, 64 * B), { standardize: true });
  const nBatches = Math.floor(data.n / B);
  const xs = [];
  const ys = [];
  for (let b = 0; b < nBatches; b++) {
    xs.push(tf.tensor2d(data.x.subarray(b * B * inputs, (b + 1) * B * inputs), [B, inputs]));
    ys.push(tf.cast(tf.oneHot(tf.tensor1d(data.y.subarray(b * B, (b + 1) * B), 'int32'), classes), 'float32'));
  }

  const losses = [];
  const train = await measure(
    async (i) => {
      const loss = await model.trainOnBatch(xs[i % nBatches], ys[i % nBatches]);
      losses.push(Array.isArray(loss) ? loss[0] : loss);
    },
    recipe,
    args,
  );
  const infer = await measure(
    async (i) => {
      const out = model.predict(xs[i % nBatches]);
      out.dataSync();
      out.dispose();
    },
    recipe,
    args,
  );

  process.stdout.write(
    JSON.stringify({
      runner: `tfjs-${backend}`,
      library: 'TensorFlow.js',
      version: tf.version_core,
      backend,
      simd: backend === 'wasm' ? tf.env().getBool('WASM_HAS_SIMD_SUPPORT') : false,
      threads: 1,
      batch: B,
      train,
      infer,
      loss: { first: losses[0], last: losses[losses.length - 1] },
    }) + '\n',
  );
}

main().catch((e) => {
  process.stderr.write(`tfjs-mlp: ${e.stack || e.message}\n`);
  process.exit(1);
});
