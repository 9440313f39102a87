// importONNX against PyTorch 1.13: nn.Sequential MLPs exported by torch.onnx.export (test/fixtures/gen-onnx-torch.py
// wrote the .onnx files and PyTorch's outputs; the tests never run Python). The imported model predicts what PyTorch
// does, fine-tunes (its loss falls), saves and loads, and exports again to a file onnxruntime runs the same way.
import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { SoftmaxCrossEntropy } from '../../src/losses';
import { importONNX } from '../../src/onnx/import';
import { SGD } from '../../src/optim/sgd';
import { Tensor } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import fixtures from '../fixtures/onnx-torch.json';
import {
  expectClose,
  expectReExportLikeTorch,
  expectSavedModelSame,
  fixturePath,
  type TorchCase,
} from './torch-fixtures';

const cases = fixtures.cases as TorchCase[];
const width = (c: TorchCase) => c.inShape.reduce((a, b) => a * b, 1);

describeEachBackend('importONNX of torch.onnx.export graphs', (b) => {
  it('builds the layers PyTorch had and predicts PyTorch’s outputs (batch 37 and 1)', async () => {
    setBackend(b.name);
    expect(cases.length).toBeGreaterThanOrEqual(10);
    for (const c of cases) {
      const model = await importONNX(fixturePath(c));
      expect(
        model.layers.map((l) => l.config().type),
        c.name,
      ).toEqual(c.layers);
      const x = Float32Array.from(c.x);
      expectClose((await model.predict(new Tensor(x, [37, width(c)]))).data, c.y, `${c.name} batch 37`);
      const first = (await model.predict(new Tensor(x.slice(0, width(c)), [1, width(c)]))).data;
      expectClose(first, c.y.slice(0, c.yShape[1]), `${c.name} batch 1`);
    }
  });

  it('fine-tunes: one SGD step lowers the loss on its batch, 30 with momentum lower it by a quarter; save → load predicts the same', async () => {
    setBackend(b.name);
    const c = cases.find((k) => k.name === 'mlp-bn-relu') as TorchCase;
    const model = await importONNX(fixturePath(c));
    const x = new Tensor(Float32Array.from(c.x), [37, width(c)]);
    const y = Int32Array.from({ length: 37 }, (_, i) => (i * 7) % 10);
    const trainingLoss = () => new SoftmaxCrossEntropy().forward(model.forward(x, { training: true }), y);
    const fit = (epochs: number, momentum = 0) =>
      model.fit(
        { x, y, numClasses: 10 },
        { epochs, batchSize: 37, optimizer: new SGD({ lr: 0.1, momentum }), babysit: false },
      );
    const before = trainingLoss();
    await fit(1);
    expect(trainingLoss()).toBeLessThan(before);
    const history = await fit(30, 0.9);
    expect(history.epochs[29].trainLoss).toBeLessThan(0.75 * history.epochs[0].trainLoss);
    await expectSavedModelSame(model, x);
  });
});

it('{ logits: true } leaves out the final Softmax: softmax of its outputs is PyTorch’s probabilities', async () => {
  const c = cases.find((k) => k.name === 'mlp-activations') as TorchCase;
  const model = await importONNX(fixturePath(c), { logits: true });
  expect(model.layers.map((l) => l.config().type)).toEqual(c.layers.slice(0, -1));
  const z = (await model.predict(new Tensor(Float32Array.from(c.x), [37, width(c)]))).data;
  const C = c.yShape[1];
  const probs = Array.from(z, (_, i) => {
    const row = Math.floor(i / C) * C;
    const max = Math.max(...Array.from(z.subarray(row, row + C)));
    let sum = 0;
    for (let j = 0; j < C; j++) sum += Math.exp(z[row + j] - max);
    return Math.exp(z[i] - max) / sum; // softmax, written out
  });
  expectClose(probs, c.y, 'softmax of the logits');
});

it('import → export → onnxruntime gives PyTorch’s outputs', async () => {
  for (const c of cases) await expectReExportLikeTorch(c, [37, width(c)]);
});
