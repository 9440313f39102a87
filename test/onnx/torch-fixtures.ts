// The torch.onnx.export fixtures (test/fixtures/gen-onnx-torch.py, gen-onnx-torch-cnn.py): their fields, their
// files, and the closeness rule the tests hold nnkit's outputs to (PyTorch's float64 outputs within 1e-5 relative).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { expect } from 'vitest';
import { loadModel } from '../../src/io/load';
import type { Model } from '../../src/model';
import { importONNX } from '../../src/onnx/import';
import type { Tensor } from '../../src/tensor';
import { worstRatio } from '../helpers/random';

export interface TorchCase {
  name: string;
  file: string;
  opset: number;
  inShape: number[];
  x: number[];
  y: number[];
  yShape: number[];
  layers: string[];
}

export const fixturePath = (c: TorchCase) => path.join(__dirname, '..', 'fixtures', c.file);

/** got within 1e-5 relative of want (1e-6 × the largest |want| absolute, for values near 0). */
export function expectClose(got: ArrayLike<number>, want: number[], what: string): void {
  const scale = Math.max(1, ...want.map(Math.abs));
  expect(got.length, what).toBe(want.length);
  expect(worstRatio(got, want, 1e-6 * scale, 1e-5), what).toBeLessThanOrEqual(1);
}

/** save → loadModel predicts what the model predicts, bit for bit. */
export async function expectSavedModelSame(model: Model, x: Tensor): Promise<void> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'nnkit-onnx-')), 'tuned.nnkit');
  await model.save(file);
  const again = await loadModel(file);
  expect(Array.from((await again.predict(x)).data)).toEqual(Array.from((await model.predict(x)).data));
}

/** importONNX → exportONNX → onnxruntime on the fixture's inputs gives PyTorch's outputs. */
export async function expectReExportLikeTorch(c: TorchCase, inputShape: number[]): Promise<void> {
  const model = await importONNX(fixturePath(c));
  const session = await ort.InferenceSession.create(await model.exportONNX());
  const input = new ort.Tensor('float32', Float32Array.from(c.x), inputShape);
  expectClose((await session.run({ input })).output.data as Float32Array, c.y, c.name);
}
