// Model.predict: the inference plan over the model's live layers (steps.ts, no snapshot, nothing folded), built
// per call, so it always sees the current weights; eval mode for every layer, without switching the model's mode
// (a service may predict while fit runs; with fit({ worker: true }), see worker-fit-gate.ts). For repeated small
// predictions, model.freeze() is the fast path.
import type { Tensor } from '../tensor';
import { runBatched } from './batched';
import { inputWidth, type Freezable } from './frozen-model';
import { imageSampleShape } from './image-input';
import { preparedRowsAsync, rawWidth, type PredictInput } from './input';
import { PlanRunner } from './runner';
import { planSteps } from './steps';
import { inputLayerText } from './width-error';
import { readingWeights } from './worker-fit-gate';

export async function predictLive(
  model: Freezable,
  x: PredictInput,
  opts: { batchSize?: number } = {},
): Promise<Tensor> {
  return readingWeights(model, 'predict', async () => {
    const image = imageSampleShape(model, x, 'predict');
    const inputs = inputWidth(model.layers, image);
    const width = rawWidth(inputs, model.preprocessing, inputLayerText(model.layers, image));
    const { data, rows } = await preparedRowsAsync(x, width, 'predict');
    const runner = new PlanRunner(planSteps(model.layers, false), inputs, image);
    return runBatched(runner, data, rows, opts.batchSize ?? 256);
  });
}
