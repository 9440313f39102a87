// nnkit → ONNX → nnkit: a model exported with its standardization imports back with the same layers (a fused
// BatchNorm+ReLU as BatchNorm then ReLU), the same preprocessing and the same predictions; what import does not
// take (Maxout's Reshape to 3-D) is an error naming the node.
import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { center, standardize } from '../../src/data/preprocess';
import { Model } from '../../src/model';
import { ELU } from '../../src/nn/activations/elu';
import { Identity } from '../../src/nn/activations/identity';
import { LeakyReLU } from '../../src/nn/activations/leaky-relu';
import { PReLU } from '../../src/nn/activations/prelu';
import { Sigmoid } from '../../src/nn/activations/sigmoid';
import { Softmax } from '../../src/nn/activations/softmax';
import { Tanh } from '../../src/nn/activations/tanh';
import { BatchNorm } from '../../src/nn/batch-norm';
import { Dense } from '../../src/nn/dense';
import { Dropout } from '../../src/nn/dropout';
import { Maxout } from '../../src/nn/maxout';
import { importONNX } from '../../src/onnx/import';
import { Tensor } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import { rng, uniform, worstRatio } from '../helpers/random';

function model(): Model {
  const m = new Model([
    new Dense(5, 8),
    new BatchNorm(8, { relu: true }),
    new Dense(8, 8),
    new LeakyReLU({ slope: 0.2 }),
    new PReLU({ channels: 8 }),
    new ELU({ alpha: 0.5 }),
    new Dropout(0.25),
    new Dense(8, 6),
    new Sigmoid(),
    new Dense(6, 6),
    new Tanh(),
    new Identity(),
    new Dense(6, 3),
    new Softmax(),
  ]);
  const r = rng(5);
  for (const p of [...m.parameters(), ...m.buffers()])
    for (let i = 0; i < p.value.length; i++) p.value[i] = p.name.endsWith('runningVar') ? 0.5 + r() : 2 * r() - 1;
  return m;
}

describeEachBackend('export → import round trip', (b) => {
  it('same layers, preprocessing and predictions (standardize and center)', async () => {
    setBackend(b.name);
    const fitX = new Tensor(uniform(30 * 5, 1, -4, 9), [30, 5]);
    for (const pre of [standardize(), center(), standardize('global')]) {
      const original = model();
      original.preprocessing = pre.fit(fitX);
      const back = await importONNX(await original.exportONNX());
      expect(back.layers.map((l) => l.describe())).toEqual([
        'Dense(5→8)',
        'BatchNorm(8)',
        'ReLU',
        'Dense(8→8)',
        'LeakyReLU(0.2)',
        'PReLU(8)',
        'ELU(0.5)',
        'Dense(8→6)',
        'Sigmoid',
        'Dense(6→6)',
        'Tanh',
        'Identity',
        'Dense(6→3)',
        'Softmax',
      ]);
      expect(back.preprocessing?.toJSON()).toMatchObject({ kind: 'standardize', scale: pre.scale, dims: 5 });
      const x = new Tensor(uniform(37 * 5, 2, -4, 9), [37, 5]);
      const want = (await original.predict(x)).data;
      expect(worstRatio((await back.predict(x)).data, want, 1e-7, 1e-6)).toBeLessThanOrEqual(1);
    }
  });
});

it('a Maxout model exports but does not import back: the error names the Reshape', async () => {
  const bytes = await new Model([new Maxout(4, 3, 2)]).exportONNX();
  await expect(importONNX(bytes)).rejects.toThrow(
    /node "layer0_pieces\/Reshape" \(Reshape\): only a reshape to \[batch, 6\]/,
  );
});
