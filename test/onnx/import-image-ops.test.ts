// Image-op forms importONNX accepts beyond the PyTorch fixtures, against onnxruntime running the same bytes
// (AveragePool with its own pads and count_include_pad = 1, ReduceMean keeping dims then Flatten, auto_pad VALID),
// and the forms nnkit cannot honour, refused with an error naming the node.
import * as ort from 'onnxruntime-node';
import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { importONNX } from '../../src/onnx/import';
import { ATTRIBUTE_TYPE, type AttributeProto } from '../../src/onnx/schema';
import { Tensor } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import { uniform, worstRatio } from '../helpers/random';
import { floats, int64s, modelBytes, node } from './graphs';

const ints = (name: string, v: number[]): AttributeProto => ({ name, type: ATTRIBUTE_TYPE.INTS, ints: v });
const int = (name: string, i: number): AttributeProto => ({ name, type: ATTRIBUTE_TYPE.INT, i });
const text = (name: string, s: string): AttributeProto => ({ name, type: ATTRIBUTE_TYPE.STRING, s });
const W = floats('W', [4, 2, 3, 3], uniform(72, 1, -1, 1));

/** Conv (auto_pad VALID) → AveragePool (pads 1, count_include_pad 1) → ReduceMean (keepdims) → Flatten → Gemm. */
function graph(): Uint8Array {
  return modelBytes(
    [
      node('Conv', ['input', 'W', 'b'], ['conv'], [text('auto_pad', 'VALID')]),
      node(
        'AveragePool',
        ['conv'],
        ['pool'],
        [
          ints('kernel_shape', [3, 3]),
          ints('strides', [2, 2]),
          ints('pads', [1, 1, 1, 1]),
          int('count_include_pad', 1),
        ],
      ),
      node('ReduceMean', ['pool'], ['mean'], [ints('axes', [-1, -2]), int('keepdims', 1)]),
      node('Flatten', ['mean'], ['flat']),
      node('Gemm', ['flat', 'G'], ['output'], [int('transB', 1)]),
    ],
    [W, floats('b', [4], uniform(4, 2)), floats('G', [3, 4], uniform(12, 3))],
    [2, 9, 8],
  );
}

describeEachBackend('importONNX image-op forms', (b) => {
  it('AveragePool with its own padding, ReduceMean keeping dims, auto_pad VALID: onnxruntime’s outputs', async () => {
    setBackend(b.name);
    const bytes = graph();
    const model = await importONNX(bytes);
    expect(model.layers.map((l) => l.describe())).toEqual([
      'Conv2d(2→4, 3×3)',
      'AvgPool2d(3×3)',
      'GlobalAvgPool2d',
      'Dense(4→3)',
    ]);
    const x = uniform(5 * 144, 4, -2, 2);
    const session = await ort.InferenceSession.create(bytes);
    const want = (await session.run({ input: new ort.Tensor('float32', x, [5, 2, 9, 8]) })).output.data;
    const got = (await model.predict(new Tensor(x, [5, 2, 9, 8]))).data;
    expect(worstRatio(got, want as Float32Array, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
  });
});

const refusal = (nodes: ReturnType<typeof node>[], inits = [W]) =>
  importONNX(modelBytes(nodes, inits, [2, 8, 8])).then(
    () => 'imported',
    (e: Error) => e.message,
  );

it('forms nnkit cannot honour are errors naming the node and what is supported', async () => {
  expect(await refusal([node('Conv', ['input', 'W'], ['output'], [int('group', 2)])])).toMatch(
    /node "output" \(Conv\): group 2 is not supported/,
  );
  expect(await refusal([node('Conv', ['input', 'W'], ['output'], [ints('pads', [1, 1, 0, 0])])])).toMatch(
    /\(Conv\): pads \[1, 1, 0, 0\] must be the same on both sides/,
  );
  const pool = [ints('kernel_shape', [2, 2])];
  expect(await refusal([node('MaxPool', ['input'], ['output'], [...pool, int('ceil_mode', 1)])])).toMatch(
    /\(MaxPool\): ceil_mode = 1 is not supported/,
  );
  const padded = [...pool, ints('pads', [1, 1, 1, 1])];
  expect(await refusal([node('AveragePool', ['input'], ['output'], padded)])).toMatch(
    /\(AveragePool\): count_include_pad = 0 with padding is not supported/,
  );
  const pads = int64s('pads', [0, 0, 1, 1, 0, 0, 1, 1]);
  expect(
    await refusal([node('Pad', ['input', 'pads'], ['p']), node('MaxPool', ['p'], ['output'], pool)], [pads]),
  ).toMatch(/node "p" \(Pad\): padding is supported before an AveragePool only/);
  expect(await refusal([node('Conv', ['input', 'W'], ['c']), node('Softmax', ['c'], ['output'])])).toMatch(
    /\(Softmax\): expects rows \[batch, features\], got \[batch, 4, 6, 6\]/,
  );
  const G = floats('G', [128, 3], uniform(384, 5));
  expect(await refusal([node('Gemm', ['input', 'G'], ['output'])], [G])).toMatch(
    /\(Gemm\): expects rows \[batch, features\], got \[batch, 2, 8, 8\]/,
  );
});
