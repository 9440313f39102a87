// 10k mutated model files (truncated, flipped bytes, edited headers with huge or negative dimensions, wrong
// sizes, bad JSON, __proto__/constructor keys, garbage) → loadModel resolves or rejects with an Error naming the
// file; never a crash or hang, memory bounded by the file size, and no prototype pollution.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { BatchNorm, Dense, loadModel, ReLU, Sequential } from '../../src';
import { reseal, withHeader as replaceHeader } from '../helpers/model-bytes';
import { rng } from '../helpers/random';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnkit-hostile-'));
const good = path.join(dir, 'good.nnkit');
let bytes: Buffer;
let headerLen: number;

beforeAll(async () => {
  const model = new Sequential([
    new Dense(6, 5, { seed: 1 }),
    new BatchNorm(5),
    new ReLU(),
    new Dense(5, 3, { seed: 2 }),
  ]);
  await model.save(good);
  bytes = fs.readFileSync(good);
  headerLen = bytes.readUInt32LE(12);
});

const HUGE = [2 ** 31, 2 ** 53, 1e308, -1, 0, 1.5, 65536, 100000, '7', null, [], {}];

// Re-encodes a header object with the original data section (re-aligned) and checksum recomputed, so only the
// header is hostile.
const withHeader = (header: unknown) => replaceHeader(bytes, header);

// Picks a random object/array inside the header and sets, deletes or poisons one of its keys.
function editHeader(r: () => number): Buffer {
  const header = JSON.parse(bytes.subarray(16, 16 + headerLen).toString());
  const nodes: Record<string, unknown>[] = [];
  const walk = (v: unknown) => {
    if (v && typeof v === 'object') {
      nodes.push(v as Record<string, unknown>);
      Object.values(v).forEach(walk);
    }
  };
  walk(header);
  for (let edits = 1 + Math.floor(r() * 3); edits > 0; edits--) {
    const node = nodes[Math.floor(r() * nodes.length)];
    const keys = Object.keys(node);
    const key = r() < 0.15 ? (r() < 0.5 ? '__proto__' : 'constructor') : (keys[Math.floor(r() * keys.length)] ?? 'x');
    const roll = r();
    if (roll < 0.1) delete node[key];
    else if (key === '__proto__')
      Object.defineProperty(node, key, {
        value: { polluted: true },
        enumerable: true,
        configurable: true,
        writable: true,
      });
    else node[key] = HUGE[Math.floor(r() * HUGE.length)];
  }
  return withHeader(header);
}

function mutate(r: () => number): Buffer {
  const kind = Math.floor(r() * 5);
  if (kind === 0) return bytes.subarray(0, Math.floor(r() * bytes.length)); // truncated
  if (kind === 1) {
    // flipped bytes anywhere
    const b = Buffer.from(bytes);
    for (let i = 1 + Math.floor(r() * 4); i > 0; i--) b[Math.floor(r() * b.length)] ^= 1 << Math.floor(r() * 8);
    return b;
  }
  if (kind === 2) {
    // flipped bytes in the header text, checksum recomputed (flips without it are kind 1)
    const b = Buffer.from(bytes);
    b[16 + Math.floor(r() * headerLen)] = Math.floor(r() * 256);
    return reseal(b);
  }
  if (kind === 3) return editHeader(r);
  const g = Buffer.alloc(Math.floor(r() * 200)); // garbage, sometimes behind a valid magic
  for (let i = 0; i < g.length; i++) g[i] = Math.floor(r() * 256);
  if (r() < 0.5 && g.length >= 16) {
    g.write('NNKITMDL', 0, 'latin1');
    g.writeUInt32LE(1, 8);
  }
  return g;
}

it('10k mutated model files: each loads or rejects with an Error naming the file; memory stays bounded', async () => {
  const r = rng(12345);
  const file = path.join(dir, 'mutant.nnkit');
  const rss0 = process.memoryUsage().rss;
  let peak = rss0,
    rejected = 0,
    loaded = 0;
  for (let i = 0; i < 10_000; i++) {
    fs.writeFileSync(file, mutate(r));
    try {
      await loadModel(file);
      loaded++;
    } catch (e) {
      expect(e, `mutant ${i}`).toBeInstanceOf(Error);
      expect((e as Error).message, `mutant ${i}`).toContain(file);
      rejected++;
    }
    if (i % 100 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  expect(rejected).toBeGreaterThan(8000);
  expect(loaded + rejected).toBe(10_000);
  expect(peak - rss0).toBeLessThan(256 * 2 ** 20); // files are < 1 KiB: nothing may allocate gigabytes
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
}, 300_000);

it('a header claiming a 20000×20000 Dense layer (1.6 GB) is rejected before anything is allocated', async () => {
  const header = JSON.parse(bytes.subarray(16, 16 + headerLen).toString());
  const dense = (header.architecture as { type: string; inFeatures?: number; outFeatures?: number }[]).find(
    (l) => l.type === 'Dense',
  )!;
  dense.inFeatures = 20000;
  dense.outFeatures = 20000;
  const file = path.join(dir, 'huge.nnkit');
  fs.writeFileSync(file, withHeader(header));
  const rss0 = process.memoryUsage().rss;
  await expect(loadModel(file)).rejects.toThrow(file);
  expect(process.memoryUsage().rss - rss0).toBeLessThan(256 * 2 ** 20);
});
