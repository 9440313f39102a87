// Inference plans on image models: Model.predict and model.freeze() of a CNN (Conv2d, BatchNorm over channels with
// S = H·W, pooling, Flatten, Dense) equal the layers' own eval-mode forward, on both backends; the sample shape
// comes from the input Tensor, the preprocessing or the saved dataset info, else a clear error.
import { beforeAll, expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { standardize } from '../../src/data/preprocess';
import { Model } from '../../src/model';
import { buildCnnLayers } from '../../src/recipes/cnn';
import { Tensor } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import { uniform, worstRatio } from '../helpers/random';

function trainedCnn(): Model {
  const model = new Model(buildCnnLayers('conv4-bn-relu-pool,conv6k3s2-bn-relu,fc8-relu', [2, 9, 7], 3, 5));
  // move the running statistics away from (0, 1) so a wrong S in the plan's BatchNorm shows
  for (let i = 0; i < 3; i++)
    model.forward(Tensor.from(uniform(16 * 126, 40 + i, 0, 3), [16, 2, 9, 7]), { training: true });
  return model;
}

describeEachBackend('image model inference', (b) => {
  beforeAll(() => setBackend(b.name));

  it('predict and freeze().predictSync equal the eval-mode forward', async () => {
    const model = trainedCnn();
    const x = Tensor.from(uniform(5 * 126, 9, 0, 3), [5, 2, 9, 7]);
    const want = Float32Array.from(model.forward(x, { training: false }).data);
    const live = await model.predict(x);
    expect(live.shape).toEqual([5, 3]);
    expect(worstRatio(live.data, want, 1e-5, 1e-5)).toBeLessThanOrEqual(1);
    model.datasetInfo = { sampleShape: [2, 9, 7] };
    const frozen = model.freeze();
    expect(worstRatio(frozen.predictSync(x).data, want, 1e-4, 1e-4)).toBeLessThanOrEqual(1);
    expect(worstRatio(frozen.predictSync(x.data).data, want, 1e-4, 1e-4)).toBeLessThanOrEqual(1); // flat rows
  });

  it('the sample shape from per-channel preprocessing; an error naming the layer when nothing tells it', async () => {
    const model = trainedCnn();
    const x = Tensor.from(uniform(4 * 126, 11, 0, 3), [4, 2, 9, 7]);
    model.preprocessing = standardize('channel').fit(x);
    expect((await model.predict(x.data)).shape).toEqual([4, 3]);
    model.preprocessing = undefined;
    await expect(model.predict(x.data)).rejects.toThrow(
      /predict: Conv2d\(2→4, 3×3\) takes images; pass a Tensor \[N, C, H, W\]/,
    );
    expect(() => model.freeze()).toThrow(/freeze: Conv2d/);
  });
});
