// The MLP recipe's layers: no Dense bias where a BatchNorm follows (its mean subtraction cancels a bias; β takes its
// place), a bias everywhere else; a model saved by the earlier recipe (biases before BatchNorm) still loads and
// predicts as before; a model of this recipe freezes (BatchNorm folded into a bias-less Dense); the size check
// counts what is built.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { loadModel } from '../../src/io/load';
import { Model } from '../../src/model';
import { BatchNorm, Dense } from '../../src/nn';
import { buildLayers, type LayerOptions } from '../../src/recipes/mlp';
import { checkMlpSize } from '../../src/recipes/mlp-size';
import { setParameterLimit } from '../../src/nn/size-limit';
import { Tensor } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import { uniform } from '../helpers/random';

const options = (o: Partial<LayerOptions>): LayerOptions => ({
  activation: 'relu',
  bn: true,
  init: 'he',
  dropout: 0,
  seed: 1,
  ...o,
});

const denseBiases = (layers: ReturnType<typeof buildLayers>) =>
  layers.filter((l) => l instanceof Dense).map((l) => (l as Dense).bias !== undefined);

it('a Dense followed by BatchNorm has no bias; the output layer and Dense layers without BatchNorm have one', () => {
  expect(denseBiases(buildLayers(20, [16, 8], 3, options({})))).toEqual([false, false, true]);
  expect(denseBiases(buildLayers(20, [16, 8], 3, options({ activation: 'tanh' })))).toEqual([false, false, true]);
  expect(denseBiases(buildLayers(20, [16, 8], 3, options({ bn: false })))).toEqual([true, true, true]);
  const layers = buildLayers(20, [16], 3, options({}));
  expect(layers.map((l) => l.describe())).toEqual(['Dense(20→16)', 'BatchNorm(16)+ReLU', 'Dense(16→3)']);
  expect((layers[0].config() as { bias: boolean }).bias).toBe(false); // what a saved model says
});

it('the size check counts no bias before BatchNorm: the limit falls where the built network crosses it', () => {
  // values with BatchNorm: in·100 + 4·100 + 100·2 + 2 = 100·in + 602; under a limit of 100 000, in = 993 fits, 994 not
  const previous = setParameterLimit(100_000);
  try {
    expect(() => checkMlpSize(993, [100], 2, false, true)).not.toThrow();
    expect(() => checkMlpSize(994, [100], 2, false, true)).toThrow(/MLP 994-100-2: 100002 parameter values/);
    expect(() => checkMlpSize(993, [100], 2, false, false)).not.toThrow(); // in·100 + 100 + 202 = 99 602
  } finally {
    setParameterLimit(previous);
  }
});

describeEachBackend('MLP recipe, saved models', (b) => {
  const x = new Tensor(uniform(6 * 20, 3), [6, 20]);

  it('a model of the earlier recipe (Dense with bias before BatchNorm) still loads and predicts the same', async () => {
    setBackend(b.name);
    const old = new Model([
      new Dense(20, 16, { seed: 1 }),
      new BatchNorm(16, { relu: true }),
      new Dense(16, 3, { init: 'xavier', seed: 2 }),
    ]);
    (old.layers[0] as Dense).bias!.value.set(uniform(16, 4));
    (old.layers[1] as BatchNorm).runningMean.value.set(uniform(16, 5));
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'nnkit-mlp-')), 'old.nnkit');
    await old.save(file);
    const again = await loadModel(file);
    expect((again.layers[0] as Dense).bias?.value).toEqual(old.layers[0].parameters()[1].value);
    expect((await again.predict(x)).data).toEqual((await old.predict(x)).data);
  });

  it('a model of this recipe saves as no-bias and loads as no-bias', async () => {
    setBackend(b.name);
    const m = new Model(buildLayers(20, [16], 3, options({})));
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'nnkit-mlp-')), 'new.nnkit');
    await m.save(file);
    const again = await loadModel(file);
    expect((again.layers[0] as Dense).bias).toBeUndefined();
    expect(again.config()).toEqual(m.config());
    expect((await again.predict(x)).data).toEqual((await m.predict(x)).data);
  });

  it("freezes: the BatchNorm folds into the Dense before it as that Dense's new bias (b = 0 before folding)", async () => {
    setBackend(b.name);
    const m = new Model(buildLayers(20, [16], 3, options({})));
    const bn = m.layers[1] as BatchNorm;
    bn.runningMean.value.set(uniform(16, 6));
    bn.runningVar.value.set(uniform(16, 7, 0.5, 2));
    const want = (await m.predict(x)).data,
      got = m.freeze().predictSync(x).data;
    for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 4);
  });
});
