// Layers against PyTorch 1.13 (fixtures written by test/fixtures/gen-torch.py; the tests never run Python).
import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { SoftmaxCrossEntropy } from '../../src/losses';
import { BatchNorm } from '../../src/nn/batch-norm';
import { Dense } from '../../src/nn/dense';
import { ReLU } from '../../src/nn/activations/relu';
import { layerFromConfig } from '../../src/nn/registry';
import { Chain } from '../../src/nn/chain';
import { SGD } from '../../src/optim/sgd';
import type { DType } from '../../src/tensor';
import { Tensor } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import type { BatchNormSequence, LayerCase } from '../helpers/torch-cases';
import { check, close, setParams } from '../helpers/torch-cases';
import layerFixtures from '../fixtures/torch-layers.json';
import trainFixture from '../fixtures/torch-train.json';

const cases = layerFixtures.cases as unknown as (LayerCase | BatchNormSequence)[];
const single = cases.filter((c): c is LayerCase => !('steps' in c));
const bnSequences = cases.filter((c): c is BatchNormSequence => 'steps' in c);

function runAll(dtype: DType): void {
  for (const c of single) {
    const layer = layerFromConfig(c.config, { dtype });
    setParams(layer, c.params);
    check(layer, c, dtype);
  }
  expect(bnSequences.map((s) => s.name)).toEqual(['batchnorm-sequence', 'batchnorm-relu-sequence']);
  for (const seq of bnSequences) {
    const bn = layerFromConfig(seq.steps[0].config, { dtype }) as BatchNorm;
    setParams(bn, seq.start);
    for (const step of seq.steps) check(bn, step, dtype);
  }
}

function trainSteps(dtype: DType): { losses: number[]; model: Chain } {
  const f = trainFixture.cases;
  const model = new Chain([
    new Dense(4, 6, { dtype }),
    new BatchNorm(6, { dtype }),
    new ReLU({ dtype }),
    new Dense(6, 3, { dtype }),
  ]);
  setParams(model, f.start);
  const loss = new SoftmaxCrossEntropy(),
    opt = new SGD(f.optimizer),
    x = Tensor.from(f.x, f.xShape, dtype);
  const losses: number[] = [];
  for (let i = 0; i < 3; i++) {
    model.zeroGrad();
    losses.push(loss.forward(model.forward(x), f.y));
    model.backward(loss.backward());
    opt.step(model.parameters());
  }
  return { losses, model };
}

function checkTraining(dtype: DType): void {
  const { losses, model } = trainSteps(dtype);
  close(losses, trainFixture.cases.losses, dtype, 'losses');
  const end = trainFixture.cases.end as Record<string, number[]>;
  for (const p of [...model.parameters(), ...model.buffers()]) close(p.value, end[p.name], dtype, p.name);
}

describeEachBackend('PyTorch parity: layers (float32)', (b) => {
  it('every layer: outputs, input and parameter gradients; BatchNorm (and BatchNorm+ReLU) train ×2 with running statistics, then eval', () => {
    setBackend(b.name);
    runAll('float32');
  });
  it('Dense → BatchNorm → ReLU → Dense, softmax cross-entropy, 3 steps of SGD (momentum, weight decay)', () => {
    setBackend(b.name);
    checkTraining('float32');
  });
});

it('PyTorch parity: layers and training steps in float64 (JS backend) agree to round-off', () => {
  runAll('float64');
  checkTraining('float64');
});
