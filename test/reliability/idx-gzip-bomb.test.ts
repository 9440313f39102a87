// Issue #21 item 10: a small gzip that expands enormously must not be decompressed in full before it is judged.
// Before, a 2 MB gzip expanded to 6.4 GB before "not an IDX file". Now the header is checked on the first bytes
// and the expansion stops at the size the header declares. (File parsing only: one run, not one per backend.)
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGzip, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readGzipIdx } from '../../src/data/idx-gzip';

/** gzip of `prefix` followed by `megabytes` MB of `fill`, compressed in a stream (never held expanded). */
async function bomb(prefix: Uint8Array, megabytes: number, fill: number): Promise<Buffer> {
  const gz = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gz.on('data', (c: Buffer) => parts.push(c));
  const done = new Promise((resolve) => gz.on('end', resolve));
  gz.write(prefix);
  const mb = Buffer.alloc(2 ** 20, fill);
  for (let i = 0; i < megabytes; i++) if (!gz.write(mb)) await new Promise((r) => gz.once('drain', r));
  gz.end();
  await done;
  return Buffer.concat(parts);
}

const idxHeader = (dims: number[]) => {
  const b = Buffer.alloc(4 + 4 * dims.length);
  b[2] = 0x08;
  b[3] = dims.length;
  dims.forEach((d, i) => b.writeUInt32BE(d, 4 + 4 * i));
  return b;
};

describe('gzipped IDX input', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nnkit-idx-'));

  it('a gzip of 768 MB that is not IDX is refused after its first bytes, memory bounded', async () => {
    const file = path.join(dir, 'bomb-images-idx3-ubyte.gz');
    writeFileSync(file, await bomb(Buffer.alloc(0), 768, 0xff));
    const rss = process.memoryUsage().rss;
    await expect(readGzipIdx(file)).rejects.toThrow(`${file}: not an IDX file (magic starts 0xff, expected 00 00)`);
    expect(process.memoryUsage().rss - rss).toBeLessThan(256 * 2 ** 20);
  }, 60_000);

  it('a valid header followed by 768 MB more than it declares stops at the declared size', async () => {
    const file = path.join(dir, 'long-images-idx3-ubyte.gz');
    writeFileSync(file, await bomb(idxHeader([10, 28, 28]), 768, 0));
    const rss = process.memoryUsage().rss;
    await expect(readGzipIdx(file)).rejects.toThrow(
      `${file}: decompresses to more than the ${16 + 7840} bytes its IDX header declares`,
    );
    expect(process.memoryUsage().rss - rss).toBeLessThan(256 * 2 ** 20);
  }, 60_000);

  it('a well-formed file reads back; a short one names what is missing', async () => {
    const data = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => i);
    const good = path.join(dir, 'good.gz');
    writeFileSync(good, gzipSync(Buffer.concat([idxHeader([2, 3, 4]), data])));
    const r = await readGzipIdx(good);
    expect(r.dims).toEqual([2, 3, 4]);
    expect([...r.data]).toEqual([...data]);
    const short = path.join(dir, 'short.gz');
    writeFileSync(short, gzipSync(Buffer.concat([idxHeader([2, 3, 4]), data.subarray(0, 5)])));
    await expect(readGzipIdx(short)).rejects.toThrow(
      /short\.gz: IDX dimensions \[2, 3, 4\] need 24 bytes of data, the file has 5/,
    );
  });
});
