// importONNX on files that are broken or hostile: each is an Error that starts with "importONNX" and says what is
// wrong — never a crash, a hang, a huge allocation before sizes are checked against the file, or a read of a file
// the model names.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { Model } from '../../src/model';
import { Dense } from '../../src/nn/dense';
import { importONNX } from '../../src/onnx/import';
import { DATA_TYPE, type TensorProto } from '../../src/onnx/schema';
import { rng } from '../helpers/random';
import { floatAttr, floats, modelBytes, node } from './graphs';

const fixture = readFileSync(path.join(__dirname, '..', 'fixtures', 'onnx', 'mlp-bn-relu.onnx'));
const dir = mkdtempSync(path.join(tmpdir(), 'nnkit-onnx-hostile-'));

async function refusal(source: Uint8Array | string): Promise<string> {
  const r = await importONNX(source).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(r, 'importONNX accepted it').toBeInstanceOf(Error);
  expect((r as Error).message).toMatch(/^importONNX/);
  return (r as Error).message;
}

const transB = { name: 'transB', type: 2, i: 1 };

/** Dense 4 → 3 as Gemm, with `extra` nodes after it (reading "gemm") and extra initializers. */
const gemmThen = (extra: ReturnType<typeof node>[], inits: TensorProto[] = [], last = 'gemm') =>
  modelBytes(
    [node('Gemm', ['input', 'W', 'b'], [last === 'gemm' && !extra.length ? 'output' : 'gemm'], [transB]), ...extra],
    [floats('W', [3, 4], new Float32Array(12)), floats('b', [3], new Float32Array(3)), ...inits],
    [4],
  );

it('a file cut short anywhere is an Error naming the file', async () => {
  const file = path.join(dir, 'cut.onnx');
  for (let n = 0; n < fixture.length; n += 7) {
    writeFileSync(file, fixture.subarray(0, n));
    expect(await refusal(file)).toContain(file);
  }
});

it('files that are not ONNX: empty, text, random bytes, an nnkit model, a missing file', async () => {
  expect(await refusal(new Uint8Array(0))).toMatch(/not a valid ONNX model \(.*no graph/);
  expect(await refusal(new TextEncoder().encode('hello, world\n'))).toMatch(/not a valid ONNX model/);
  const r = rng(1);
  expect(await refusal(Uint8Array.from({ length: 4096 }, () => Math.floor(r() * 256)))).toMatch(
    /not a valid ONNX model/,
  );
  const nnkitFile = path.join(dir, 'm.nnkit');
  await new Model([new Dense(2, 2)]).save(nnkitFile);
  expect(await refusal(nnkitFile)).toMatch(/is an nnkit model file, not ONNX: open it with loadModel/);
  expect(await refusal(path.join(dir, 'missing.onnx'))).toMatch(/cannot read .*missing\.onnx/);
});

it('an initializer claiming 20000×20000 floats in a few bytes is refused before anything is allocated', async () => {
  const huge: TensorProto = { name: 'W', dims: [20000, 20000], dataType: DATA_TYPE.FLOAT, raw: new Uint8Array(16) };
  const bytes = modelBytes([node('Gemm', ['input', 'W'], ['output'])], [huge], [20000]);
  const before = process.memoryUsage().arrayBuffers;
  expect(await refusal(bytes)).toMatch(/initializer "W": its dims need 1600000000 bytes .*raw_data holds 16/);
  expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(100e6);
  const typed: TensorProto = {
    name: 'W',
    dims: [20000, 20000],
    dataType: DATA_TYPE.FLOAT,
    floats: new Float32Array(3),
  };
  expect(await refusal(modelBytes([node('Gemm', ['input', 'W'], ['output'])], [typed], [20000]))).toMatch(
    /dims \[20000, 20000\] need 400000000 floats, the file has 3/,
  );
  const overflow: TensorProto = {
    name: 'W',
    dims: [2 ** 40, 2 ** 40],
    dataType: DATA_TYPE.FLOAT,
    raw: new Uint8Array(4),
  };
  expect(await refusal(modelBytes([node('Gemm', ['input', 'W'], ['output'])], [overflow], [4]))).toMatch(
    /more elements than fit/,
  );
});

it('an unsupported op names the node, its op type and what is supported', async () => {
  const msg = await refusal(gemmThen([node('Cos', ['gemm'], ['output'])]));
  expect(msg).toMatch(
    /node "output" \(Cos\) is not supported; nnkit imports chains of Gemm, MatMul, BatchNormalization, Relu/,
  );
});

it('a cycle, a branch, a dangling input, a second data input are refused with the nodes named', async () => {
  const cycle = gemmThen([node('Relu', ['gemm', 'b_loop'], ['a_loop']), node('Relu', ['a_loop'], ['b_loop'])]);
  expect(await refusal(cycle)).toMatch(/cycle: node "a_loop" \(Relu\), node "b_loop" \(Relu\)/);
  const branch = gemmThen([node('Relu', ['gemm'], ['r']), node('Add', ['gemm', 'r'], ['output'])]);
  expect(await refusal(branch)).toMatch(/tensor "gemm" is read by 2 nodes .*chains/);
  expect(await refusal(gemmThen([node('Relu', ['nowhere'], ['output'])]))).toMatch(/reads "nowhere", which no node/);
  const weightComputed = modelBytes([node('Relu', ['input'], ['r']), node('Gemm', ['r', 'r'], ['output'])], [], [4]);
  expect(await refusal(weightComputed)).toMatch(
    /node "output" \(Gemm\): input 1 \("r"\) must be a constant .*computed/,
  );
});

it('external data is refused without reading the file it names', async () => {
  const secret = path.join(dir, 'secret.bin');
  writeFileSync(secret, new Uint8Array(48));
  const W: TensorProto = {
    name: 'W',
    dims: [3, 4],
    dataType: DATA_TYPE.FLOAT,
    externalLocation: '../' + path.basename(dir) + '/secret.bin',
  };
  const msg = await refusal(modelBytes([node('Gemm', ['input', 'W'], ['output'])], [W], [4]));
  expect(msg).toMatch(
    /initializer "W" keeps its data in an external file .*secret\.bin.*never opens files a model names/,
  );
});

it('settings nnkit cannot honour are refused: training-mode BatchNorm, opsets, shapes that do not chain', async () => {
  const bnInputs = ['g', 'bt', 'm', 'v'].map((n) => floats(n, [3], [1, 1, 1]));
  const bn = (attrs: ReturnType<typeof floatAttr>[]) =>
    gemmThen([node('BatchNormalization', ['gemm', 'g', 'bt', 'm', 'v'], ['output'], attrs)], bnInputs);
  expect(await refusal(bn([{ name: 'training_mode', type: 2, i: 1 }]))).toMatch(/training mode .*model.eval\(\)/);
  const wide = modelBytes(
    [node('Gemm', ['input', 'W'], ['output'], [transB])],
    [floats('W', [3, 5], new Float32Array(15))],
    [4],
  );
  expect(await refusal(wide)).toMatch(/its weight takes 5 features, the data has 4/);
  const old = modelBytes([node('Relu', ['input'], ['output'])], [], [4], { opset: 8 });
  expect(await refusal(old)).toMatch(/opset 8 is not supported \(nnkit imports opsets 9 to 21\)/);
  const symbolic = modelBytes([node('Relu', ['input'], ['output'])], [], ['features']);
  expect(await refusal(symbolic)).toMatch(
    /must have a shape \[batch, \.\.\.features\] with fixed feature sizes, got \[unk__0, features\]/,
  );
  const reshape = modelBytes([node('Flatten', ['input'], ['output'], [{ name: 'axis', type: 2, i: 2 }])], [], [2, 2]);
  expect(await refusal(reshape)).toMatch(/Flatten\): only axis 1/);
});

it('500 seeded random byte corruptions of a real file: a model or an importONNX Error, nothing else', async () => {
  const r = rng(7);
  let refused = 0;
  for (let trial = 0; trial < 500; trial++) {
    const bytes = Uint8Array.from(fixture);
    for (let k = 1 + Math.floor(r() * 4); k > 0; k--) bytes[Math.floor(r() * bytes.length)] = Math.floor(r() * 256);
    const result = await importONNX(bytes).then(
      (m) => m,
      (e: unknown) => e,
    );
    if (result instanceof Model) continue;
    expect(result).toBeInstanceOf(Error);
    expect((result as Error).message).toMatch(/^importONNX/);
    refused++;
  }
  expect(refused).toBeGreaterThan(0);
});
