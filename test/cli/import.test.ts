// `nnkit import model.onnx --save model.nnkit`: a PyTorch-exported ONNX file (test/fixtures/gen-onnx-torch.py)
// becomes a model file that loadModel reads and that predicts PyTorch's outputs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { loadModel } from '../../src/io/load';
import { Tensor } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import { ensureDist, root } from '../helpers/dist';
import { worstRatio } from '../helpers/random';
import { runCli } from '../helpers/run-cli';
import fixtures from '../fixtures/onnx-torch.json';

const activations = fixtures.cases.find((c) => c.name === 'mlp-activations') as (typeof fixtures.cases)[number];
const onnxFile = path.join(__dirname, '..', 'fixtures', activations.file);
const x = new Tensor(Float32Array.from(activations.x), [37, 6]);
const tempDir = () => mkdtempSync(path.join(tmpdir(), 'nnkit-import-'));

describeEachBackend('nnkit import', (b) => {
  it('writes a model file that predicts PyTorch’s outputs, and lists the layers it became', async () => {
    setBackend(b.name);
    const out = path.join(tempDir(), 'm.nnkit');
    const r = await runCli(['import', onnxFile, '--save', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/mlp-activations\.onnx: 12 layers, 390 parameters\n\s+0 {2}Dense\(6→8\)/);
    expect(r.out).toMatch(/11 {2}Softmax\npreprocessing: none\nwrote .*m\.nnkit\n$/);
    const model = await loadModel(out);
    const got = (await model.predict(x)).data;
    expect(worstRatio(got, activations.y, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
  });

  it('--logits leaves out the final Softmax; --class-names are recorded with the model', async () => {
    setBackend(b.name);
    const out = path.join(tempDir(), 'm.nnkit');
    const r = await runCli(['import', onnxFile, '--save', out, '--logits', '--class-names', 'a,b,c,d,e']);
    expect(r.code, r.err).toBe(0);
    const model = await loadModel(out);
    expect(model.layers.map((l) => l.config().type)).not.toContain('Softmax');
    expect(model.datasetInfo?.classNames).toEqual(['a', 'b', 'c', 'd', 'e']);
    const z = (await model.predict(x)).data;
    // row 0: softmax of the logits, written out, is PyTorch's probabilities
    const e = Array.from(z.subarray(0, 5), Math.exp),
      sum = e.reduce((s, v) => s + v, 0);
    expect(
      worstRatio(
        e.map((v) => v / sum),
        activations.y.slice(0, 5),
        1e-6,
        1e-5,
      ),
    ).toBeLessThanOrEqual(1);
  });
});

it('errors: no --save, an unwritable --save, wrong class-name count, a file that is not ONNX', async () => {
  expect(await runCli(['import', onnxFile])).toMatchObject({
    code: 2,
    err: expect.stringMatching(/^nnkit import: --save <model.nnkit> is required\nusage: nnkit import/),
  });
  expect(await runCli(['import', onnxFile, '--save', '/nonexistent/dir/m.nnkit'])).toMatchObject({
    code: 2,
    err: expect.stringMatching(/--save \/nonexistent\/dir\/m.nnkit: the directory \/nonexistent\/dir does not exist/),
  });
  const dir = tempDir();
  expect(await runCli(['import', onnxFile, '--save', path.join(dir, 'm.nnkit'), '--class-names', 'a,b'])).toMatchObject(
    { code: 1, err: expect.stringMatching(/2 class names for a model with 5 outputs/) },
  );
  const notOnnx = path.join(dir, 'rows.csv');
  writeFileSync(notOnnx, 'a,b\n1,2\n');
  expect(await runCli(['import', notOnnx, '--save', path.join(dir, 'm.nnkit')])).toMatchObject({
    code: 1,
    err: expect.stringMatching(/^nnkit import: importONNX: .*rows\.csv is not a valid ONNX model/),
  });
});

it('as users run it: nnkit import, then nnkit info reads the file', () => {
  ensureDist();
  const nnkit = (args: string[]) =>
    spawnSync(process.execPath, [path.join(root, 'bin', 'nnkit.js'), ...args], { encoding: 'utf8' });
  const out = path.join(tempDir(), 'm.nnkit');
  const r = nnkit(['import', onnxFile, '--save', out]);
  expect(r.status, r.stderr).toBe(0);
  const info = nnkit(['info', out, '--json']);
  expect(info.status, info.stderr).toBe(0);
  expect(JSON.parse(info.stdout)).toMatchObject({ parameters: 390, dataset: { sampleShape: [6] } });
}, 60_000);
