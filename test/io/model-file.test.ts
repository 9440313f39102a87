// The model file format: round trip, atomic write, and rejection of malformed files with clear errors.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/io/atomic-write';
import { decodeModelFile, encodeModelFile } from '../../src/io/model-file';
import { readModelFile } from '../../src/io/read-model-file';
import { editText, reseal } from '../helpers/model-bytes';
import { packTree, unpackTree } from '../../src/io/state-tree';

const sample = () =>
  encodeModelFile({ kind: 'model', architecture: [{ type: 'Dense' }] }, [
    { name: '0.weight', shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) },
    { name: '0.bias', shape: [2], data: Float32Array.from([0.5, -0.5]) },
    { name: 'opt/v', shape: [3], data: Float64Array.from([Math.PI, 1e-300, -2]) },
  ]);

describe('model file', () => {
  it('round-trips header and arrays bit for bit, float64 included', () => {
    const { header, arrays } = decodeModelFile(sample(), 'm');
    expect(header.kind).toBe('model');
    expect(header.architecture).toEqual([{ type: 'Dense' }]);
    expect([...arrays.get('0.weight')!.data]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(arrays.get('0.weight')!.shape).toEqual([2, 3]);
    expect(arrays.get('opt/v')!.data).toEqual(Float64Array.from([Math.PI, 1e-300, -2]));
  });

  it('writes atomically (no temp file left) and reads back', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nnkit-io-'));
    const file = path.join(dir, 'm.nnkit');
    writeFileAtomic(file, sample());
    writeFileAtomic(file, sample()); // overwrite
    expect(readdirSync(dir)).toEqual(['m.nnkit']);
    const { arrays } = await readModelFile(file);
    expect([...arrays.get('0.bias')!.data]).toEqual([0.5, -0.5]);
    expect(() => writeFileAtomic(path.join(dir, 'no', 'such', 'dir.nnkit'), sample())).toThrow(/save: cannot write/);
    expect(readdirSync(dir)).toEqual(['m.nnkit']);
  });

  it('rejects truncation, appended bytes, bad magic, a newer version, bad JSON, bad shapes and NaN', async () => {
    const good = sample();
    const bad = (mutate: (b: Buffer) => Buffer) => () => decodeModelFile(mutate(Buffer.from(good)), 'm.nnkit');
    expect(bad((b) => b.subarray(0, b.length - 4))).toThrow(/m\.nnkit is not a valid nnkit model: checksum mismatch/);
    expect(bad((b) => reseal(Buffer.concat([b.subarray(0, b.length - 12), Buffer.alloc(4)])))).toThrow(
      /m\.nnkit is not a valid nnkit model: .*needs bytes up to/,
    );
    expect(bad((b) => Buffer.concat([b, Buffer.alloc(8)]))).toThrow(/checksum mismatch/);
    expect(bad((b) => reseal(Buffer.concat([b, Buffer.alloc(8)])))).toThrow(/8 trailing bytes/);
    expect(
      bad((b) => {
        b.write('XXXX', 0);
        return b;
      }),
    ).toThrow(/does not start with NNKITMDL/);
    expect(
      bad((b) => {
        b.writeUInt32LE(9, 8);
        return b;
      }),
    ).toThrow(/format version 9; .*upgrade nnkit/);
    expect(
      bad((b) => {
        b.writeUInt32LE(1 << 30, 12);
        return reseal(b);
      }),
    ).toThrow(/header length \d+ exceeds the file/);
    expect(
      bad((b) => {
        b[16] = 0x20;
        b[17] = 0x7b;
        return reseal(b);
      }),
    ).toThrow(/header is not JSON/);
    expect(bad((b) => b.subarray(0, 10))).toThrow(/shorter than the 16-byte prefix/);
    const shapeLie = encodeModelFile({}, [{ name: 'w', shape: [2], data: new Float32Array(2) }]);
    expect(() => decodeModelFile(editText(shapeLie, '"shape":[2]', '"shape":[9]'), 'm')).toThrow(
      /shape \[9\] needs bytes up to 36/,
    );
    const nan = Buffer.from(encodeModelFile({}, [{ name: 'w', shape: [2], data: Float32Array.from([1, 2]) }]));
    nan.writeFloatLE(NaN, nan.length - 8);
    expect(() => decodeModelFile(reseal(nan), 'm')).toThrow(/array "w": value 1 is NaN/);
    await expect(readModelFile('/nonexistent/m.nnkit')).rejects.toThrow(/cannot open \/nonexistent\/m\.nnkit/);
  });

  it('allocates no more than the file holds: a header claiming huge arrays is rejected before allocation', () => {
    const small = encodeModelFile({}, [{ name: 'w'.repeat(10), shape: [1], data: new Float32Array(1) }]);
    const edited = editText(
      small,
      '"wwwwwwwwww","dtype":"float32","shape":[1]',
      '"w","dtype":"float32","shape":[1000000000]',
    );
    expect(() => decodeModelFile(edited, 'm')).toThrow(/needs bytes up to 4000000000/);
  });

  it('packs nested state with typed arrays and restores it', () => {
    const state = { step: 3, slots: [{ v: Float32Array.from([1, 2]) }, { v: Float64Array.from([0.1]) }], name: 'sgd' };
    const packed = packTree(state, 'optimizer');
    const file = encodeModelFile({ optimizer: packed.json }, packed.arrays);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nnkit-io-'));
    writeFileSync(path.join(dir, 'x'), file);
    const { header, arrays } = decodeModelFile(readFileSync(path.join(dir, 'x')), 'x');
    expect(unpackTree(header.optimizer, arrays)).toEqual(state);
    expect(() => packTree({ a: NaN }, 'o')).toThrow(/o\/a is NaN/);
    expect(existsSync(path.join(dir, 'x'))).toBe(true);
  });
});
