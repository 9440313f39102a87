// The issue #15 model for the inference benchmarks: MLP 784-512-256-10, He-initialized Dense layers, BatchNorm
// with trained-looking (non-trivial, deterministic) statistics so that folding has work to do, ReLU.
'use strict';

function inferenceModel(nnkit) {
  const { Model, Dense, BatchNorm, ReLU } = nnkit;
  const bn = (n, seed) => {
    const b = new BatchNorm(n);
    for (let c = 0; c < n; c++) {
      b.gamma.value[c] = 1 + 0.1 * Math.sin(seed + c);
      b.beta.value[c] = 0.1 * Math.cos(seed + c);
      b.runningMean.value[c] = 0.05 * Math.sin(3 * c + seed);
      b.runningVar.value[c] = 1 + 0.5 * Math.abs(Math.cos(c + seed));
    }
    return b;
  };
  return new Model([
    new Dense(784, 512, { seed: 1 }),
    bn(512, 1),
    new ReLU(),
    new Dense(512, 256, { seed: 2 }),
    bn(256, 2),
    new ReLU(),
    new Dense(256, 10, { init: 'xavier', seed: 3 }),
  ]);
}

module.exports = { inferenceModel };
