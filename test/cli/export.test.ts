// `nnkit export model.nnkit --onnx out.onnx`, run as users run it (the bin script in a child process).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { beforeAll, expect, it } from 'vitest';
import { standardize } from '../../src/data/preprocess';
import { Model } from '../../src/model';
import { BatchNorm } from '../../src/nn/batch-norm';
import { Dense } from '../../src/nn/dense';
import { Tensor } from '../../src/tensor';
import { ensureDist, root } from '../helpers/dist';
import { uniform, worstRatio } from '../helpers/random';

beforeAll(() => ensureDist(), 120_000);

function nnkit(args: string[]) {
  return spawnSync(process.execPath, [path.join(root, 'bin', 'nnkit.js'), ...args], { encoding: 'utf8' });
}

it('exports a saved model with its standardization; onnxruntime gives predict’s outputs', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nnkit-export-'));
  const x = new Tensor(uniform(40 * 4, 3, 0, 16), [40, 4]);
  const model = new Model([new Dense(4, 5), new BatchNorm(5, { relu: true }), new Dense(5, 3)]);
  model.preprocessing = standardize().fit(x);
  await model.save(path.join(dir, 'm.nnkit'));
  const r = nnkit(['export', path.join(dir, 'm.nnkit'), '--onnx', path.join(dir, 'm.onnx'), '--class-names', 'a,b,c']);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/wrote .*m\.onnx \(ONNX opset 13\)/);
  const session = await ort.InferenceSession.create(path.join(dir, 'm.onnx'));
  const got = (await session.run({ input: new ort.Tensor('float32', x.data as Float32Array, [40, 4]) })).output;
  model.eval();
  const want = (await model.predict(x)).data;
  expect(worstRatio(got.data as Float32Array, want, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
});

it('a missing --onnx, a bad opset or a missing model file are errors naming them', () => {
  expect(nnkit(['export', 'm.nnkit'])).toMatchObject({
    status: 2,
    stderr: expect.stringMatching(/--onnx <out.onnx> is required/),
  });
  expect(nnkit(['export', 'm.nnkit', '--onnx', 'o.onnx', '--opset', 'x'])).toMatchObject({
    status: 2,
    stderr: expect.stringMatching(/--opset must be a whole number, got x/),
  });
  expect(nnkit(['export', '/nonexistent/m.nnkit', '--onnx', 'o.onnx'])).toMatchObject({
    status: 1,
    stderr: expect.stringMatching(/cannot open \/nonexistent\/m.nnkit/),
  });
});
