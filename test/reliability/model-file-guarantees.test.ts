// Issue #21 items 2 and 9: what a model file guarantees.
//   - save refuses non-finite weights, BatchNorm statistics and preprocessing statistics, naming the array, and
//     leaves the file it would have replaced untouched (a diverged run used to overwrite a good model);
//   - every byte is covered by a CRC-32: single-bit flips in the weights used to load silently (3,754 of 4,000);
//   - stored preprocessing statistics are checked at load (std 0 or a string used to predict NaN).
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { standardize } from '../../src/data';
import { crc32 } from '../../src/io/crc32';
import { loadModel } from '../../src/io/load';
import { decodeModelFile, encodeModelFile } from '../../src/io/model-file';
import { BatchNorm } from '../../src/nn';
import { SGD } from '../../src/optim';
import { describeEachBackend } from '../helpers/backends';
import { editText } from '../helpers/model-bytes';
import { rng } from '../helpers/random';
import { blobs, mlp } from '../train/fixtures';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'nnkit-guarantee-'));

describe('CRC-32', () => {
  it('matches the published check value and zlib', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926); // the CRC-32/ISO-HDLC check value
    const r = rng(1);
    const bytes = Uint8Array.from({ length: 1000 }, () => Math.floor(r() * 256));
    expect(crc32(bytes)).toBe(zlib.crc32(bytes));
    expect(crc32(bytes.subarray(300), crc32(bytes.subarray(0, 300)))).toBe(zlib.crc32(bytes));
  });
});

async function savedWithPreprocessing(): Promise<{ file: string; bytes: Buffer }> {
  const file = path.join(tmp(), 'm.nnkit');
  const m = mlp();
  await m.fit(blobs(64, 1), { epochs: 1, batchSize: 16, preprocess: standardize(), babysit: false });
  await m.save(file);
  return { file, bytes: readFileSync(file) };
}

describeEachBackend('model file guarantees', (b) => {
  it('save refuses a diverged model (non-finite BatchNorm statistics), names the array, keeps the old file', async () => {
    setBackend(b.name);
    const file = path.join(tmp(), 'm.nnkit');
    const good = mlp();
    await good.fit(blobs(64, 1), { epochs: 1, batchSize: 16, babysit: false });
    await good.save(file);
    const before = readFileSync(file);
    const diverged = mlp();
    await diverged.fit(blobs(64, 1), { epochs: 2, batchSize: 16, optimizer: new SGD({ lr: 1e30 }), babysit: false });
    await expect(diverged.save(file)).rejects.toThrow(/save: array \d+\.\w+ value \d+ is (NaN|-?Infinity)/);
    expect(readFileSync(file).equals(before)).toBe(true);
    await loadModel(file); // still the good one
  });

  it('save names a single Infinity in the running variance', async () => {
    setBackend(b.name);
    const m = mlp();
    (m.layers[1] as BatchNorm).runningVar.value[3] = Infinity;
    await expect(m.save(path.join(tmp(), 'm.nnkit'))).rejects.toThrow(
      /save: array 1\.runningVar value 3 is Infinity.*nothing was written/,
    );
  });

  it('4,000 random single-bit flips in the weight section: every one is refused at load', async () => {
    setBackend(b.name);
    const { bytes } = await savedWithPreprocessing();
    const dataStart = Math.ceil((16 + bytes.readUInt32LE(12)) / 8) * 8;
    const r = rng(7);
    const flipped = path.join(tmp(), 'flipped.nnkit');
    let refused = 0;
    for (let i = 0; i < 4000; i++) {
      const copy = Buffer.from(bytes);
      const bit = Math.floor(r() * (copy.length - dataStart) * 8);
      copy[dataStart + (bit >> 3)] ^= 1 << (bit & 7);
      writeFileSync(flipped, copy);
      try {
        await loadModel(flipped);
      } catch (e) {
        expect((e as Error).message).toContain(flipped);
        refused++;
      }
    }
    expect(refused).toBe(4000);
  }, 120_000);

  it('stored preprocessing statistics are checked at load: std 0, a string, a NaN mean', async () => {
    setBackend(b.name);
    const { file, bytes } = await savedWithPreprocessing();
    const std = /"std":\[([^\]]*)\]/.exec(bytes.toString('latin1'))!;
    const edits: [string, RegExp][] = [
      [
        `"std":[0,${std[1].split(',').slice(1).join(',')}]`,
        /bad preprocessing: preprocessing\.std\[0\] is 0, expected > 0/,
      ],
      [`"std":"abcd"`, /bad preprocessing: preprocessing\.std is "abcd", expected a list of numbers/],
      [`"std":[-1,${std[1].split(',').slice(1).join(',')}]`, /preprocessing\.std\[0\] is -1, expected > 0/],
    ];
    for (const [to, message] of edits) {
      writeFileSync(file, editText(bytes, std[0], to));
      await expect(loadModel(file)).rejects.toThrow(message);
    }
    const mean = /"mean":\[([^\],]*)/.exec(bytes.toString('latin1'))!;
    writeFileSync(file, editText(bytes, mean[0], '"mean":["NaN"'));
    await expect(loadModel(file)).rejects.toThrow(/preprocessing\.mean\[0\] is NaN, expected a finite number/);
  });
});

describe('model file format versions', () => {
  it('a format 1 file (no checksum, written by earlier nnkit) still loads', () => {
    const v2 = encodeModelFile({ kind: 'model' }, [{ name: 'w', shape: [2], data: Float32Array.from([1, 2]) }]);
    const headerLen = v2.readUInt32LE(12);
    const json = v2
      .subarray(16, 16 + headerLen)
      .toString()
      .replace('"version":2', '"version":1');
    const v1 = Buffer.from(v2.subarray(0, v2.length - 4));
    v1.writeUInt32LE(1, 8);
    v1.write(json, 16);
    const { arrays } = decodeModelFile(v1, 'old.nnkit');
    expect([...arrays.get('w')!.data]).toEqual([1, 2]);
  });
});
