// Kernels that split work over the thread pool give the same bits whatever NNKIT_THREADS is: BatchNorm splits
// channels (per-channel sums do not depend on the split), softmax cross-entropy and PReLU's slope gradient sum
// fixed blocks in a fixed order. Each run is a child process (the pool size is read once, at load).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeNative } from '../helpers/backends';
import { ensureDist, root } from '../helpers/dist';

// Sizes past every split (kernels/activations.cc, batchnorm.cc, softmax.cc); a SHA-1 of every output.
const SCRIPT = `
const nnkit = require(${JSON.stringify(path.join(root, 'dist'))});
const b = nnkit.getBackend('native'), crypto = require('crypto');
const hash = (...arrs) => { const h = crypto.createHash('sha1'); for (const a of arrs) h.update(Buffer.from(a.buffer, a.byteOffset, a.byteLength)); return h.digest('hex'); };
const fill = (n, seed) => { const a = new Float32Array(n); let s = seed; for (let i = 0; i < n; i++) { s = (s * 1103515245 + 12345) >>> 0; a[i] = (s / 2 ** 32) * 6 - 3; } return a; };
const out = { threads: nnkit.backendInfo().threads };
{ const N = 1030, C = 2050, n = N * C, x = fill(n, 1), dy = fill(n, 2), g = fill(C, 3), be = fill(C, 4);
  const y = new Float32Array(n), m = new Float32Array(C), v = new Float32Array(C), is = new Float32Array(C);
  const dx = new Float32Array(n), dg = new Float32Array(C), db = new Float32Array(C);
  b.batchNormForwardTrain(N, C, 1, x, g, be, 1e-5, y, m, v, is);
  b.batchNormBackward(N, C, 1, x, dy, g, m, is, dx, dg, db);
  out.batchNorm = hash(y, m, v, is, dx, dg, db); }
{ const N = 300, C = 4000, z = fill(N * C, 5), labels = Int32Array.from({ length: N }, (_, i) => (i * 7) % C);
  const d = new Float32Array(N * C);
  out.crossEntropy = [b.softmaxCrossEntropy(N, C, z, labels, d), hash(d)]; }
{ const R = 520, C = 4099, x = fill(R * C, 6), dy = fill(R * C, 7), slope = fill(C, 8);
  const y = new Float32Array(R * C), dx = new Float32Array(R * C), ds = new Float32Array(C), ds1 = new Float32Array(1);
  b.preluForward(R, C, x, slope, y);
  b.preluBackward(R, C, x, dy, slope, dx, ds);
  b.preluBackward(R, C, x, dy, slope.subarray(0, 1), dx, ds1);
  out.prelu = hash(y, dx, ds, ds1); }
console.log(JSON.stringify(out));
`;

function run(threads: number): Record<string, unknown> {
  const r = spawnSync(process.execPath, ['-e', SCRIPT], {
    env: { ...process.env, NNKIT_THREADS: String(threads), NNKIT_BACKEND: 'native' },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string);
}

beforeAll(() => ensureDist(), 120_000);

describeNative('thread count', () => {
  it('BatchNorm, softmax cross-entropy and PReLU give the same bits on 1, 2 and 3 threads', () => {
    const [one, two, three] = [1, 2, 3].map(run);
    expect([one.threads, two.threads, three.threads]).toEqual([1, 2, 3]);
    const { threads: _1, ...a } = one,
      { threads: _2, ...b } = two,
      { threads: _3, ...c } = three;
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  }, 60_000);
});
