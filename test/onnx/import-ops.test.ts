// The op forms importONNX accepts beyond what the torch and Keras fixtures contain, each against onnxruntime running
// the same bytes: Gemm with α, β, transB = 0 and a [1, out] or one-value bias; weights from Constant nodes and from
// Identity/Transpose of initializers; Reshape [0, −1]; PRelu slope [1, D]; Dropout with its ratio input.
import * as ort from 'onnxruntime-node';
import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import type { Dropout } from '../../src/nn/dropout';
import { importONNX } from '../../src/onnx/import';
import { ATTRIBUTE_TYPE } from '../../src/onnx/schema';
import { Tensor } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import { uniform, worstRatio } from '../helpers/random';
import { floatAttr, floats, int64s, modelBytes, node } from './graphs';

const intAttr = (name: string, i: number) => ({ name, type: ATTRIBUTE_TYPE.INT, i });

/** Gemm (α = 0.5, β = 2, B [in, out], C [1, out]) → Gemm (transB, C one value) → Constant-weight Gemm. */
function gemmForms(): Uint8Array {
  const tensorAttr = { name: 'value', type: ATTRIBUTE_TYPE.TENSOR, t: floats('', [2, 3], uniform(6, 5)) };
  return modelBytes(
    [
      node('Reshape', ['input', 'shape'], ['flat']),
      node('Gemm', ['flat', 'B1', 'C1'], ['g1'], [floatAttr('alpha', 0.5), floatAttr('beta', 2)]),
      node('PRelu', ['g1', 'slope'], ['p']),
      node('Identity', ['B2'], ['B2_shared']),
      node('Gemm', ['p', 'B2_shared', 'C2'], ['g2'], [intAttr('transB', 1)]),
      node('Constant', [], ['B3'], [tensorAttr]),
      node('Transpose', ['B3'], ['B3t'], [{ name: 'perm', type: ATTRIBUTE_TYPE.INTS, ints: [1, 0] }]),
      node('Constant', [], ['ratio'], [{ name: 'value_float', type: ATTRIBUTE_TYPE.FLOAT, f: 0.25 }]),
      node('Dropout', ['g2', 'ratio'], ['d', 'mask']),
      node('MatMul', ['d', 'B3t'], ['output']),
    ],
    [
      int64s('shape', [0, -1]),
      floats('B1', [6, 4], uniform(24, 1)),
      floats('C1', [1, 4], uniform(4, 2)),
      floats('slope', [1, 4], uniform(4, 3, 0, 0.5)),
      floats('B2', [3, 4], uniform(12, 4)),
      floats('C2', [], [0.75]),
    ],
    [2, 3],
  );
}

describeEachBackend('importONNX op forms', (b) => {
  it('Gemm α/β/transB/bias broadcasts, Constant, Identity and Transpose weights, Reshape, PRelu [1, D], Dropout', async () => {
    setBackend(b.name);
    const bytes = gemmForms();
    const model = await importONNX(bytes);
    expect(model.layers.map((l) => l.describe())).toEqual([
      'Dense(6→4)',
      'PReLU(4)',
      'Dense(4→3)',
      'Dropout(0.25)',
      'Dense(3→2)',
    ]);
    expect((model.layers[3] as Dropout).p).toBe(0.25);
    const session = await ort.InferenceSession.create(bytes);
    for (const n of [1, 37]) {
      const x = uniform(n * 6, n, -2, 2);
      const want = (await session.run({ input: new ort.Tensor('float32', x, [n, 2, 3]) })).output.data as Float32Array;
      const got = (await model.predict(new Tensor(x, [n, 6]))).data;
      expect(worstRatio(got, want, 1e-6, 1e-5), `batch ${n}`).toBeLessThanOrEqual(1);
    }
  });
});
