// Image layers against PyTorch 1.13 (fixtures written by test/fixtures/gen-torch-conv.py; the tests never run
// Python): Conv2d (strides, padding, dilation, 1×1, no bias), MaxPool2d, AvgPool2d, global average pooling,
// Flatten, and BatchNorm2d (alone and with a ReLU) over two training steps with running statistics, then eval.
import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { layerFromConfig } from '../../src/nn/registry';
import type { DType } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import type { BatchNormSequence, LayerCase } from '../helpers/torch-cases';
import { check, setParams } from '../helpers/torch-cases';
import convFixtures from '../fixtures/torch-conv.json';

const cases = convFixtures.cases as unknown as (LayerCase | BatchNormSequence)[];
const single = cases.filter((c): c is LayerCase => !('steps' in c));
const sequences = cases.filter((c): c is BatchNormSequence => 'steps' in c);

function runAll(dtype: DType): void {
  expect(single.length).toBe(10);
  for (const c of single) {
    const layer = layerFromConfig(c.config, { dtype });
    setParams(layer, c.params);
    check(layer, c, dtype);
  }
  expect(sequences.map((s) => s.name)).toEqual(['batchnorm2d-sequence', 'batchnorm2d-relu-sequence']);
  for (const seq of sequences) {
    const bn = layerFromConfig(seq.steps[0].config, { dtype });
    setParams(bn, seq.start);
    for (const step of seq.steps) check(bn, step, dtype);
  }
}

describeEachBackend('PyTorch parity: image layers (float32)', (b) => {
  it('Conv2d, pooling, Flatten, BatchNorm2d (+ReLU) train ×2 then eval: outputs, gradients, running statistics', () => {
    setBackend(b.name);
    runAll('float32');
  });
});

it('PyTorch parity: image layers in float64 (JS backend) agree to round-off', () => {
  runAll('float64');
});
