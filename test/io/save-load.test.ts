// Model save/load round trip, malformed files against a real model, and checkpoints that resume exactly.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { standardize } from '../../src/data';
import { loadCheckpoint, loadModel } from '../../src/io/load';
import { decodeModelFile, encodeModelFile } from '../../src/io/model-file';
import { Model } from '../../src/model';
import { BatchNorm, Dense, Dropout, ReLU } from '../../src/nn';
import { SGD } from '../../src/optim';
import { describeEachBackend } from '../helpers/backends';
import { blobs, mlp } from '../train/fixtures';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'nnkit-save-'));

describeEachBackend('save / load', (b) => {
  it('round-trips architecture, weights, BatchNorm running estimates and preprocessing: same predictions', async () => {
    setBackend(b.name);
    const train = blobs(120, 1),
      test = blobs(30, 2);
    const m = mlp();
    await m.fit(train, { epochs: 3, batchSize: 16, preprocess: standardize() });
    const file = path.join(tmp(), 'm.nnkit');
    await m.save(file, { training: { epochs: 3, note: 'given to save' } });
    const again = await loadModel(file);
    expect(again.config()).toEqual(m.config());
    // what fit recorded, overlaid with what save was given
    expect(again.trainingInfo).toEqual({ ...m.trainingInfo, note: 'given to save' });
    expect(again.trainingInfo).toMatchObject({ epochs: 3, batchSize: 16, preprocess: 'standardize' });
    expect((await again.predict(test.x)).data).toEqual((await m.predict(test.x)).data);
    const bn = again.layers[1] as BatchNorm;
    expect(bn.runningMean.value).toEqual((m.layers[1] as BatchNorm).runningMean.value);
  });

  const withDropout = () =>
    new Model([
      new Dense(4, 16, { seed: 1 }),
      new ReLU(),
      new Dropout(0.3, { seed: 9 }),
      new Dense(16, 3, { seed: 2 }),
    ]);
  for (const [label, makeModel] of [
    ['BatchNorm MLP', () => mlp()],
    ['Dropout MLP (its mask stream is checkpointed too)', withDropout],
  ] as const)
    it(`resumes from a checkpoint exactly: 2 + 2 epochs equal 4 epochs, bit for bit — ${label}`, async () => {
      setBackend(b.name);
      const data = blobs(100, 3);
      const opts = (optimizer: SGD) => ({
        epochs: 4,
        batchSize: 16,
        seed: 5,
        schedule: 'cosine',
        optimizer,
        preprocess: standardize(),
      });
      const straight = makeModel();
      const hs = await straight.fit(data, opts(new SGD({ lr: 0.1, momentum: 0.9, weightDecay: 1e-3 })));

      const file = path.join(tmp(), 'ckpt.nnkit');
      const first = makeModel();
      const ac = new AbortController();
      await first.fit(data, {
        ...opts(new SGD({ lr: 0.1, momentum: 0.9, weightDecay: 1e-3 })),
        checkpoint: { path: file },
        callbacks: {
          onEpochEnd: (ctx) => {
            if (ctx.epoch === 2) ac.abort();
          },
        },
        signal: ac.signal,
      });
      const ck = await loadCheckpoint(file);
      expect(ck.state.epoch).toBe(2);
      const hr = await ck.model.fit(data, { ...opts(ck.optimizer as SGD), resume: ck.state });
      const firstDiff = hr.batchLoss.findIndex((l, i) => l !== hs.batchLoss[i]);
      expect(firstDiff, `${hr.batchLoss.length} vs ${hs.batchLoss.length}`).toBe(-1);
      ck.model.parameters().forEach((p, i) => expect(p.value).toEqual(straight.parameters()[i].value));
      ck.model.buffers().forEach((p, i) => expect(p.value).toEqual(straight.buffers()[i].value));
    });
});

describe('loadModel rejects files that do not fit their header', () => {
  async function saved(): Promise<{ file: string; bytes: Buffer }> {
    const m = new Model([new Dense(4, 3, { seed: 1 }), new ReLU()]);
    const file = path.join(tmp(), 'm.nnkit');
    await m.save(file);
    return { file, bytes: readFileSync(file) };
  }
  function rewrite(
    bytes: Buffer,
    edit: (h: Record<string, unknown>, arrays: Map<string, { shape: number[]; data: Float32Array }>) => void,
  ): Buffer {
    const { header, arrays } = decodeModelFile(bytes, 'x');
    const a = arrays as unknown as Map<string, { shape: number[]; data: Float32Array }>;
    const { arrays: _entries, format: _f, version: _v, ...rest } = header;
    edit(rest, a);
    return encodeModelFile(
      rest,
      [...a].map(([name, v]) => ({ name, shape: v.shape, data: v.data })),
    );
  }
  it('names the missing array, the wrong shape, the extra array and the unknown layer', async () => {
    const { file, bytes } = await saved();
    const cases: [
      (h: Record<string, unknown>, a: Map<string, { shape: number[]; data: Float32Array }>) => void,
      RegExp,
    ][] = [
      [(_h, a) => a.delete('0.bias'), /array 0\.bias \(3\) is missing/],
      [
        (_h, a) => a.set('0.weight', { shape: [3, 5], data: new Float32Array(15) }),
        /array 0\.weight has shape \[3, 5\], the architecture needs \[3, 4\]/,
      ],
      [(_h, a) => a.set('7.weight', { shape: [1], data: new Float32Array(1) }), /arrays 7\.weight belong to no layer/],
      [
        (h) => {
          h.architecture = [{ type: 'Conv9' }];
        },
        /cannot rebuild the architecture: .*unknown layer type "Conv9"/,
      ],
      [
        (h) => {
          h.architecture = [];
        },
        /has no architecture/,
      ],
      [
        (h) => {
          h.preprocessing = { kind: 'standardize', grouping: 'feature', scale: true, dims: 4, mean: [1], std: [1] };
        },
        /bad preprocessing/,
      ],
    ];
    for (const [edit, message] of cases) {
      writeFileSync(file, rewrite(bytes, edit));
      await expect(loadModel(file)).rejects.toThrow(message);
    }
    writeFileSync(file, bytes.subarray(0, bytes.length - 3));
    await expect(loadModel(file)).rejects.toThrow(/not a valid nnkit model/);
    writeFileSync(file, bytes);
    await expect(loadCheckpoint(file)).rejects.toThrow(/is a model file, not a checkpoint/);
  });
});
