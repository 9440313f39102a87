// importONNX of small CNNs exported by torch.onnx.export of PyTorch 1.13 (test/fixtures/gen-onnx-torch-cnn.py wrote
// the files and PyTorch's outputs): Conv, BatchNormalization over channels (and folded into the Conv), MaxPool,
// AveragePool (PyTorch writes Pad + AveragePool), GlobalAveragePool, ReduceMean over H and W, Flatten, and
// x.view(x.size(0), -1) (Shape, Gather, Unsqueeze, Concat, Reshape). The imported model predicts PyTorch's outputs,
// fine-tunes, saves, and exports to a file onnxruntime runs the same way.
import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { SoftmaxCrossEntropy } from '../../src/losses';
import { importONNX } from '../../src/onnx/import';
import { SGD } from '../../src/optim/sgd';
import { Tensor } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import fixtures from '../fixtures/onnx-torch-cnn.json';
import {
  expectClose,
  expectReExportLikeTorch,
  expectSavedModelSame,
  fixturePath,
  type TorchCase,
} from './torch-fixtures';

const cases = fixtures.cases as TorchCase[];
const images = (c: TorchCase) => new Tensor(Float32Array.from(c.x), [37, ...c.inShape]);

describeEachBackend('importONNX of torch.onnx.export CNNs', (b) => {
  it('builds the layers PyTorch had and predicts PyTorch’s outputs (images [37, C, H, W]; one flat row)', async () => {
    setBackend(b.name);
    expect(cases.map((c) => c.name)).toEqual([
      'cnn-basic',
      'cnn-folded-bn',
      'cnn-strides-gap',
      'cnn-mean-opset17',
      'cnn-view',
    ]);
    for (const c of cases) {
      const model = await importONNX(fixturePath(c));
      expect(
        model.layers.map((l) => l.config().type),
        c.name,
      ).toEqual(c.layers);
      expectClose((await model.predict(images(c))).data, c.y, `${c.name} batch 37`);
      const D = c.inShape.reduce((p, d) => p * d, 1);
      const row = (await model.predict(new Tensor(Float32Array.from(c.x.slice(0, D)), [1, D]))).data;
      expectClose(row, c.y.slice(0, c.yShape[1]), `${c.name} one row (reshaped by the recorded sample shape)`);
    }
  });

  it('fine-tunes: SGD steps lower the loss; save → load predicts the same', async () => {
    setBackend(b.name);
    const c = cases[0];
    const model = await importONNX(fixturePath(c));
    const x = images(c);
    const y = Int32Array.from({ length: 37 }, (_, i) => (i * 3) % 5);
    const trainingLoss = () => new SoftmaxCrossEntropy().forward(model.forward(x, { training: true }), y);
    const before = trainingLoss();
    const history = await model.fit(
      { x, y, numClasses: 5 },
      { epochs: 30, batchSize: 37, optimizer: new SGD({ lr: 0.05, momentum: 0.9 }), babysit: false },
    );
    expect(trainingLoss()).toBeLessThan(before);
    expect(history.epochs[29].trainLoss).toBeLessThan(0.9 * history.epochs[0].trainLoss);
    await expectSavedModelSame(model, x);
  });
});

it('import → export → onnxruntime gives PyTorch’s outputs', async () => {
  for (const c of cases) await expectReExportLikeTorch(c, [37, ...c.inShape]);
});
