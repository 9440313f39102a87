// importONNX of the graphs Keras models become through tf2onnx: Flatten as Reshape [-1, D], Dense as MatMul + Add
// (the bias on either side), activations as their ops, BatchNormalization with Keras's momentum 0.99 or folded to
// Mul + Add. There is no
// TensorFlow here, so these graphs are built by hand in that form; the reference is onnxruntime running the same
// bytes.
import * as ort from 'onnxruntime-node';
import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import type { BatchNorm } from '../../src/nn/batch-norm';
import { importONNX } from '../../src/onnx/import';
import { Tensor } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import { uniform, worstRatio } from '../helpers/random';
import { ATTRIBUTE_TYPE } from '../../src/onnx/schema';
import { floatAttr, floats, int64s, modelBytes, node } from './graphs';

const w = (name: string, rows: number, cols: number, seed: number) =>
  floats(name, [rows, cols], uniform(rows * cols, seed));

/** Flatten [2, 4] → Dense(6, relu) → Dense(5, leaky) with Add(b, x) → Dense(4, elu, no bias) → Dense(3, softmax). */
function denseStack(): Uint8Array {
  const nodes = [
    node('Reshape', ['input', 'flatten/shape'], ['flat']),
    node('MatMul', ['flat', 'd1/W'], ['d1/mm']),
    node('Add', ['d1/mm', 'd1/b'], ['d1/add']),
    node('Relu', ['d1/add'], ['d1/relu']),
    node('MatMul', ['d1/relu', 'd2/W'], ['d2/mm']),
    node('Add', ['d2/b', 'd2/mm'], ['d2/add']),
    node('LeakyRelu', ['d2/add'], ['d2/act'], [floatAttr('alpha', 0.3)]),
    node('MatMul', ['d2/act', 'd3/W'], ['d3/mm']),
    node('Elu', ['d3/mm'], ['d3/act'], [floatAttr('alpha', 1)]),
    node('MatMul', ['d3/act', 'd4/W'], ['d4/mm']),
    node('Add', ['d4/mm', 'd4/b'], ['d4/add']),
    node('Softmax', ['d4/add'], ['output']),
  ];
  const inits = [
    int64s('flatten/shape', [-1, 8]),
    w('d1/W', 8, 6, 1),
    floats('d1/b', [6], uniform(6, 2)),
    w('d2/W', 6, 5, 3),
    floats('d2/b', [5], uniform(5, 4)),
    w('d3/W', 5, 4, 5),
    w('d4/W', 4, 3, 6),
    floats('d4/b', [3], uniform(3, 7)),
  ];
  return modelBytes(nodes, inits, [2, 4]);
}

/** Dense(6) → BatchNormalization (Keras: momentum 0.99, epsilon 1e-3) → Tanh → Dense(2) → Sigmoid. */
function batchNormStack(): Uint8Array {
  const nodes = [
    node('MatMul', ['input', 'd1/W'], ['d1/mm']),
    node('Add', ['d1/mm', 'd1/b'], ['d1/add']),
    node(
      'BatchNormalization',
      ['d1/add', 'bn/gamma', 'bn/beta', 'bn/mean', 'bn/var'],
      ['bn'],
      [floatAttr('epsilon', 1e-3), floatAttr('momentum', 0.99)],
    ),
    node('Tanh', ['bn'], ['tanh']),
    node('MatMul', ['tanh', 'd2/W'], ['d2/mm']),
    node('Add', ['d2/mm', 'd2/b'], ['d2/add']),
    node('Sigmoid', ['d2/add'], ['output']),
  ];
  const inits = [
    w('d1/W', 5, 6, 11),
    floats('d1/b', [6], uniform(6, 12)),
    floats('bn/gamma', [6], uniform(6, 13, 0.5, 1.5)),
    floats('bn/beta', [6], uniform(6, 14)),
    floats('bn/mean', [6], uniform(6, 15)),
    floats('bn/var', [6], uniform(6, 16, 0.2, 2)),
    w('d2/W', 6, 2, 17),
    floats('d2/b', [2], uniform(2, 18)),
  ];
  return modelBytes(nodes, inits, [5]);
}

/** Dense(6) → BatchNormalization folded to Mul + Add (how tf2onnx writes Keras's unfused BatchNormalization of
 *  rows: y = x·s + o, s = γ/√(σ² + ε), o = β − μ·s) → Relu → Dense(3) → Softmax. */
function mulAddStack(): Uint8Array {
  const nodes = [
    node('MatMul', ['input', 'd1/W'], ['d1/mm']),
    node('Add', ['d1/mm', 'd1/b'], ['d1/add']),
    node('Mul', ['d1/add', 'bn/scale'], ['bn/mul']),
    node('Add', ['bn/mul', 'bn/offset'], ['bn/add']),
    node('Relu', ['bn/add'], ['relu']),
    node('MatMul', ['relu', 'd2/W'], ['d2/mm']),
    node('Add', ['d2/mm', 'd2/b'], ['d2/add']),
    node('Softmax', ['d2/add'], ['output']),
  ];
  const inits = [
    w('d1/W', 4, 6, 21),
    floats('d1/b', [6], uniform(6, 22)),
    floats('bn/scale', [6], uniform(6, 23, 0.3, 2)),
    floats('bn/offset', [6], uniform(6, 24)),
    w('d2/W', 6, 3, 25),
    floats('d2/b', [3], uniform(3, 26)),
  ];
  return modelBytes(nodes, inits, [4]);
}

const GRAPHS: [string, () => Uint8Array, number, string[]][] = [
  ['Dense stack', denseStack, 8, ['Dense', 'ReLU', 'Dense', 'LeakyReLU', 'Dense', 'ELU', 'Dense', 'Softmax']],
  ['BatchNormalization', batchNormStack, 5, ['Dense', 'BatchNorm', 'Tanh', 'Dense', 'Sigmoid']],
  ['BatchNormalization as Mul + Add', mulAddStack, 4, ['Dense', 'BatchNorm', 'ReLU', 'Dense', 'Softmax']],
];

describeEachBackend('importONNX of Keras/tf2onnx-shaped graphs (MatMul + Add)', (b) => {
  it('builds Dense layers from MatMul + Add and predicts what onnxruntime computes', async () => {
    setBackend(b.name);
    for (const [name, build, width, layers] of GRAPHS) {
      const bytes = build();
      const model = await importONNX(bytes);
      expect(
        model.layers.map((l) => l.config().type),
        name,
      ).toEqual(layers);
      const session = await ort.InferenceSession.create(bytes);
      for (const n of [1, 37]) {
        const x = uniform(n * width, n, -2, 2);
        const inShape = name === 'Dense stack' ? [n, 2, 4] : [n, width];
        const want = (await session.run({ input: new ort.Tensor('float32', x, inShape) })).output.data as Float32Array;
        const got = (await model.predict(new Tensor(x, [n, width]))).data;
        expect(worstRatio(got, want, 1e-6, 1e-5), `${name} batch ${n}`).toBeLessThanOrEqual(1);
      }
    }
  });
});

it('Keras momentum 0.99 (weight of the old estimate) becomes nnkit momentum 0.01, epsilon carries over', async () => {
  const model = await importONNX(batchNormStack());
  const bn = model.layers[1] as BatchNorm;
  expect(bn.momentum).toBeCloseTo(0.01, 6);
  expect(bn.eps).toBe(1e-3);
});

it('a folded BatchNormalization (Mul + Add) is a BatchNorm that trains: fit moves its γ and β', async () => {
  const model = await importONNX(mulAddStack());
  const bn = model.layers[1] as BatchNorm;
  const gamma = Array.from(bn.gamma.value);
  const x = new Tensor(uniform(32 * 4, 31, -2, 2), [32, 4]);
  const y = Int32Array.from({ length: 32 }, (_, i) => i % 3);
  await model.fit({ x, y, numClasses: 3 }, { epochs: 2, batchSize: 16, babysit: false });
  expect(Array.from(bn.gamma.value)).not.toEqual(gamma);
});

it('a Mul not followed by an Add of a constant, or with a constant of the wrong shape, is an error naming it', async () => {
  const mulOnly = modelBytes([node('Mul', ['input', 's'], ['output'])], [floats('s', [4], uniform(4, 1))], [4]);
  await expect(importONNX(mulOnly)).rejects.toThrow(
    /node "output" \(Mul\): Mul is supported when an Add of a constant/,
  );
  const wrongShape = modelBytes(
    [node('Mul', ['input', 's'], ['m']), node('Add', ['m', 'o'], ['output'])],
    [floats('s', [3], uniform(3, 1)), floats('o', [4], uniform(4, 2))],
    [4],
  );
  await expect(importONNX(wrongShape)).rejects.toThrow(
    /\(Mul\): its scale must be float, one value or one per feature \(\[4\]/,
  );
});

const perm = (p: number[]) => ({ name: 'perm', type: ATTRIBUTE_TYPE.INTS, ints: p });
const intsAttr = (name: string, v: number[]) => ({ name, type: ATTRIBUTE_TYPE.INTS, ints: v });

/** A Keras CNN as tf2onnx writes it: NHWC input [N, 8, 8, 2] → Transpose to NCHW → Conv(pads 1) → Relu → MaxPool →
 *  back to NHWC → (Reshape [-1, 64] → MatMul + Add | ReduceMean over axes 1, 2 → MatMul + Add) → Softmax → Identity. */
function kerasCnn(head: 'flatten' | 'global-average'): Uint8Array {
  const flat = head === 'flatten';
  const nodes = [
    node('Transpose', ['input_1'], ['nchw'], [perm([0, 3, 1, 2])]),
    node(
      'Conv',
      ['nchw', 'conv/W', 'conv/b'],
      ['conv'],
      [intsAttr('pads', [1, 1, 1, 1]), intsAttr('kernel_shape', [3, 3])],
    ),
    node('Relu', ['conv'], ['relu']),
    node('MaxPool', ['relu'], ['pool'], [intsAttr('kernel_shape', [2, 2]), intsAttr('strides', [2, 2])]),
    node('Transpose', ['pool'], ['nhwc'], [perm([0, 2, 3, 1])]),
    flat
      ? node('Reshape', ['nhwc', 'flatten/shape'], ['features'])
      : node(
          'ReduceMean',
          ['nhwc'],
          ['features'],
          [intsAttr('axes', [1, 2]), { name: 'keepdims', type: ATTRIBUTE_TYPE.INT, i: 0 }],
        ),
    node('MatMul', ['features', 'dense/W'], ['dense/mm']),
    node('Add', ['dense/mm', 'dense/b'], ['dense/add']),
    node('Softmax', ['dense/add'], ['dense/softmax']),
    node('Identity', ['dense/softmax'], ['output']),
  ];
  const inits = [
    floats('conv/W', [4, 2, 3, 3], uniform(72, 41, -1, 1)),
    floats('conv/b', [4], uniform(4, 42)),
    int64s('flatten/shape', [-1, 64]),
    w('dense/W', flat ? 64 : 4, 5, 43),
    floats('dense/b', [5], uniform(5, 44)),
  ];
  return modelBytes(nodes, inits, [8, 8, 2], { inputName: 'input_1' });
}

describeEachBackend('importONNX of a tf2onnx-shaped Keras CNN (NHWC transposes)', (b) => {
  it('takes NCHW images; the Dense after the channels-last Flatten gets its weight columns reordered', async () => {
    setBackend(b.name);
    for (const head of ['flatten', 'global-average'] as const) {
      const bytes = kerasCnn(head);
      const model = await importONNX(bytes);
      expect(model.datasetInfo?.sampleShape, head).toEqual([2, 8, 8]);
      const nhwc = uniform(37 * 128, 45, -2, 2);
      const nchw = new Float32Array(nhwc.length); // the same images, channels first
      for (let n = 0; n < 37; n++)
        for (let i = 0; i < 64; i++) for (let c = 0; c < 2; c++) nchw[n * 128 + c * 64 + i] = nhwc[n * 128 + i * 2 + c];
      const session = await ort.InferenceSession.create(bytes);
      const want = (await session.run({ input_1: new ort.Tensor('float32', nhwc, [37, 8, 8, 2]) })).output.data;
      const got = (await model.predict(new Tensor(nchw, [37, 2, 8, 8]))).data;
      expect(worstRatio(got, want as Float32Array, 1e-6, 1e-5), head).toBeLessThanOrEqual(1);
    }
  });
});

it('a channels-last tensor reaching the output is an error', async () => {
  const bytes = modelBytes(
    [
      node('Transpose', ['input'], ['t'], [perm([0, 3, 1, 2])]),
      node('Transpose', ['t'], ['output'], [perm([0, 2, 3, 1])]),
    ],
    [],
    [4, 4, 2],
  );
  await expect(importONNX(bytes)).rejects.toThrow(/the output is channels-last data/);
});
