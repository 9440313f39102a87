// Loaders: the embedded digits, Fashion-MNIST IDX files, CSV parsing and its errors.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { findFashionMnist, loadCSV, loadDigits, loadFashionMNIST, parseCSV, parseIdx } from '../../src/data';

function idx(dims: number[], data: number[]): Uint8Array {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head[2] = 0x08;
  head[3] = dims.length;
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return new Uint8Array(Buffer.concat([head, Buffer.from(data)]));
}

describe('loadDigits', () => {
  it('loads 1797 × 64 pixels in 0..16 with 10 classes, split 1438/359, the same for the same seed', async () => {
    const a = await loadDigits();
    expect(a.train.x.shape).toEqual([1438, 64]);
    expect(a.test.x.shape).toEqual([359, 64]);
    expect(a.train.numClasses).toBe(10);
    expect(Math.max(...a.train.x.data)).toBe(16);
    expect(Math.min(...a.train.x.data)).toBe(0);
    const counts = new Array(10).fill(0);
    for (const c of [...a.train.y, ...a.test.y]) counts[c]++;
    expect(counts.every((c) => c > 170 && c < 185)).toBe(true);
    const b = await loadDigits();
    expect(b.test.y).toEqual(a.test.y);
    const c = await loadDigits({ seed: 1 });
    expect(c.test.y).not.toEqual(a.test.y);
  });
});

describe('parseIdx', () => {
  it('reads dimensions and data', () => {
    const r = parseIdx(idx([2, 3], [1, 2, 3, 4, 5, 6]), 'x');
    expect(r.dims).toEqual([2, 3]);
    expect([...r.data]).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('rejects bad magic, types, truncated headers and wrong lengths, naming the file', () => {
    const good = idx([2, 3], [1, 2, 3, 4, 5, 6]);
    const badMagic = good.slice();
    badMagic[0] = 1;
    expect(() => parseIdx(badMagic, 'f.idx')).toThrow(/f\.idx: not an IDX file/);
    const badType = good.slice();
    badType[2] = 0x0d;
    expect(() => parseIdx(badType, 'f.idx')).toThrow(/type 0x0d is not supported/);
    expect(() => parseIdx(good.subarray(0, 8), 'f.idx')).toThrow(/truncated IDX header/);
    expect(() => parseIdx(good.subarray(0, good.length - 1), 'f.idx')).toThrow(/need 6 bytes of data, the file has 5/);
    expect(() => parseIdx(new Uint8Array(2), 'f.idx')).toThrow(/not an IDX file/);
  });
});

describe('loadFashionMNIST', () => {
  it('finds a directory given as argument and scales pixels to [0, 1]', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fmnist-'));
    const px = Array.from({ length: 3 * 4 }, (_, i) => (i * 20) % 256);
    writeFileSync(path.join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(idx([3, 2, 2], px)));
    writeFileSync(path.join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(idx([3], [0, 9, 4])));
    writeFileSync(path.join(dir, 't10k-images-idx3-ubyte.gz'), gzipSync(idx([1, 2, 2], [0, 255, 51, 0])));
    writeFileSync(path.join(dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(idx([1], [7])));
    const { train, test } = await loadFashionMNIST(dir);
    expect(train.x.shape).toEqual([3, 4]);
    expect(train.sampleShape).toEqual([1, 2, 2]);
    expect([...train.y]).toEqual([0, 9, 4]);
    expect([0, 9, 4].map((c) => train.classNames![c])).toEqual(['T-shirt/top', 'Ankle boot', 'Coat']);
    expect(train.x.data[1]).toBeCloseTo(20 / 255, 7);
    expect([...test.x.data]).toEqual([0, 1, 0.2, 0].map(Math.fround));
  });
  it('rejects images and labels that disagree', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fmnist-'));
    writeFileSync(path.join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(idx([2, 1, 1], [1, 2])));
    writeFileSync(path.join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(idx([3], [0, 1, 2])));
    writeFileSync(path.join(dir, 't10k-images-idx3-ubyte.gz'), gzipSync(idx([1, 1, 1], [0])));
    writeFileSync(path.join(dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(idx([1], [7])));
    await expect(loadFashionMNIST(dir)).rejects.toThrow(/2 images but labels have dimensions \[3\]/);
  });
  it('says where it looked and how to get the data when absent; an explicit directory never falls back', () => {
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'nnkit-fm-env-'));
    for (const f of [
      'train-images-idx3-ubyte.gz',
      'train-labels-idx1-ubyte.gz',
      't10k-images-idx3-ubyte.gz',
      't10k-labels-idx1-ubyte.gz',
    ]) {
      writeFileSync(path.join(elsewhere, f), '');
    }
    const saved = process.env.NNKIT_DATA;
    process.env.NNKIT_DATA = elsewhere; // a complete set elsewhere must not be picked when a directory is given
    try {
      expect(() => findFashionMnist('/nonexistent/fm')).toThrow(
        /Looked in: \/nonexistent\/fm \(each needs.*apt-get install dataset-fashion-mnist/,
      );
      expect(findFashionMnist()).toBe(elsewhere);
    } finally {
      if (saved === undefined) delete process.env.NNKIT_DATA;
      else process.env.NNKIT_DATA = saved;
    }
  });
  it('loads the real development copy when present (60000 / 10000 × 784)', async (ctx) => {
    let dir: string;
    try {
      dir = findFashionMnist();
    } catch (e) {
      console.log(`skipped: ${(e as Error).message}`);
      ctx.skip();
      return;
    }
    const { train, test } = await loadFashionMNIST(dir);
    expect(train.x.shape).toEqual([60000, 784]);
    expect(test.x.shape).toEqual([10000, 784]);
    expect(Math.max(...test.y)).toBe(9);
  });
});

describe('loadCSV', () => {
  it("unquotes R's write.csv header and fields (RFC 4180), CRLF and a BOM", () => {
    const ds = parseCSV('\uFEFF"a","b","low"\r\n"1",2,"0"\r\n3,"4",1\r\n', 'r.csv', { labelColumn: 'low' });
    expect(ds.columns).toEqual(['a', 'b', 'low']);
    expect(Array.from(ds.x.data)).toEqual([1, 2, 3, 4]);
    expect(Array.from(ds.y)).toEqual([0, 1]);
    expect(() => parseCSV('"a","b"\n"1,5",2\n', 'q.csv')).toThrow('q.csv:2: column 1 is "1,5", not a finite number');
  });

  it('parses a header, a named label column and maps labels to classes', () => {
    const ds = parseCSV('a,label,b\n1,10,2\n3,20,4\n5,10,6\n', 'f.csv', { labelColumn: 'label' });
    expect(ds.x.shape).toEqual([3, 2]);
    expect([...ds.x.data]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...ds.y]).toEqual([0, 1, 0]);
    expect(ds.numClasses).toBe(2);
    expect(ds.classValues).toEqual([10, 20]);
  });
  it('keeps regression targets as numbers and takes the last column by default', () => {
    const ds = parseCSV('1,2,0.5\n3,4,-1.25e1\n', 'f.csv', { task: 'regression' });
    expect(ds.y).toBeInstanceOf(Float32Array);
    expect([...ds.y]).toEqual([0.5, -12.5]);
  });
  it('names file and line for malformed rows, empty cells and NaN', () => {
    expect(() => parseCSV('1,2,0\n3,4\n', 'f.csv')).toThrow('f.csv:2: expected 3 columns, got 2');
    expect(() => parseCSV('1,2,0\n3,,1\n', 'f.csv')).toThrow('f.csv:2: column 2 is empty');
    expect(() => parseCSV('x,y,l\n1,2,0\n3,NaN,1\n', 'f.csv')).toThrow(
      'f.csv:3: column 2 is "NaN", not a finite number',
    );
    expect(() => parseCSV('1,2,0\n3,abc,1\n', 'f.csv', { header: false })).toThrow('f.csv:2: column 2 is "abc"');
    expect(() => parseCSV('1,2,0.5\n', 'f.csv')).toThrow(/label 0.5 is not a whole number/);
    expect(() => parseCSV('a,b\n1,2\n', 'f.csv', { labelColumn: 'c' })).toThrow(/labelColumn "c" is not in the header/);
    expect(() => parseCSV('', 'f.csv')).toThrow(/f.csv: no data/);
  });
  it('reads a file and reports an unreadable path', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'csv-'));
    writeFileSync(path.join(dir, 'd.csv'), '1,2,1\n3,4,0\n');
    expect((await loadCSV(path.join(dir, 'd.csv'))).x.shape).toEqual([2, 2]);
    await expect(loadCSV(path.join(dir, 'missing.csv'))).rejects.toThrow(/loadCSV: cannot read .*missing\.csv/);
  });
});
