// Layers against PyTorch 1.13 (fixtures written by test/fixtures/gen-torch.py; the tests never run Python).
import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { SoftmaxCrossEntropy } from '../../src/losses';
import { BatchNorm } from '../../src/nn/batch-norm';
import { Dense } from '../../src/nn/dense';
import { ReLU } from '../../src/nn/activations/relu';
import type { Layer, LayerConfig } from '../../src/nn/layer';
import { layerFromConfig } from '../../src/nn/registry';
import { Sequential } from '../../src/nn/sequential';
import { SGD } from '../../src/optim/sgd';
import type { DType } from '../../src/tensor';
import { Tensor } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import { worstRatio } from '../helpers/random';
import layerFixtures from '../fixtures/torch-layers.json';
import trainFixture from '../fixtures/torch-train.json';

interface LayerCase {
  name: string;
  config: LayerConfig;
  training: boolean;
  x: number[];
  xShape: number[];
  dy: number[];
  y: number[];
  yShape: number[];
  dx: number[];
  params: Record<string, number[]>;
  grads: Record<string, number[]>;
  runningMean?: number[];
  runningVar?: number[];
}
interface BatchNormSequence {
  name: string;
  start: Record<string, number[]>;
  steps: LayerCase[];
}

const cases = layerFixtures.cases as unknown as (LayerCase | BatchNormSequence)[];
const single = cases.filter((c): c is LayerCase => !('steps' in c));
const bnSequences = cases.filter((c): c is BatchNormSequence => 'steps' in c);

// float32: ~1e-5 relative (atol scaled by the array's magnitude); float64 (JS): round-off only.
const TOL = { float32: 1e-5, float64: 1e-11 } as const;
function close(got: ArrayLike<number>, want: number[], dtype: DType, what: string): void {
  const scale = Math.max(1, ...want.map(Math.abs));
  expect(worstRatio(got, want, TOL[dtype] * scale * 0.1, TOL[dtype]), what).toBeLessThanOrEqual(1);
}

function setParams(layer: Layer, values: Record<string, number[]>): void {
  for (const p of [...layer.parameters(), ...layer.buffers()]) if (values[p.name]) p.value.set(values[p.name]);
}

function check(layer: Layer, c: LayerCase, dtype: DType): void {
  layer.zeroGrad();
  const y = layer.forward(Tensor.from(c.x, c.xShape, dtype), { training: c.training });
  expect(y.shape, c.name).toEqual(c.yShape);
  close(y.data, c.y, dtype, `${c.name} y`);
  close(layer.backward(Tensor.from(c.dy, c.yShape, dtype)).data, c.dx, dtype, `${c.name} dx`);
  for (const p of layer.parameters()) close(p.grad, c.grads[p.name], dtype, `${c.name} d${p.name}`);
  if (c.runningMean) {
    const [rm, rv] = layer.buffers();
    close(rm.value, c.runningMean, dtype, `${c.name} runningMean`);
    close(rv.value, c.runningVar as number[], dtype, `${c.name} runningVar`);
  }
}

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

function trainSteps(dtype: DType): { losses: number[]; model: Sequential } {
  const f = trainFixture.cases;
  const model = new Sequential([
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
