// packBf16Panels + linearForwardPanelsBf16: a frozen model's dense layer with bf16 weights. The panels against the
// test's own layout and bf16 rounding (helpers/bf16.ts: ties to even, NaN, Inf, overflow, denormals, zero padding);
// the product against a float64 reference on x and w rounded by that rounding (exact products, so only the fp32
// sums differ): rows 1–8 (the native streaming kernel) and past 8 (the bf16 GEMM on the same panels), every column
// tail of the 16-lane vectors and 32-column panels, odd K, K past the GEMM's K block; a row's result the same
// alone or batched; weights off the cache-line grid; argument errors. Native takes panel 32 only; `npm test` runs
// this file under each NNKIT_SIMD cap (the portable path), and one case runs it in a child with AVX512_BF16 capped.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { BF16_PANEL, type Backend } from '../../src/backend/types';
import { alignedSharedArrays } from '../../src/infer/shared';
import { describeEachBackend, describeNative } from '../helpers/backends';
import { bf16Reference } from '../helpers/bf16';
import { linearReference } from '../helpers/linear-reference';
import { uniform, worstRatio } from '../helpers/random';

const f32 = new Float32Array(1),
  u32 = new Uint32Array(f32.buffer);
const valueOf = (bits: number): number => ((u32[0] = bits << 16), f32[0]);
const rounded = (a: Float32Array): Float32Array => Float32Array.from(a, bf16Reference);
const panelValues = (N: number, K: number, P: number): number => Math.ceil(N / P) * Math.ceil(K / 2) * 2 * P;

// Where the test expects w[j, p] in the panels: panel ⌊j/P⌋, pair ⌊p/2⌋, lane j mod P, half p mod 2.
const slot = (j: number, p: number, K: number, P: number): number =>
  ((Math.floor(j / P) * Math.ceil(K / 2) + (p >> 1)) * P + (j % P)) * 2 + (p & 1);

// Panels in a page-aligned buffer (a shared WebAssembly.Memory, as a frozen model's), `offset` values past it: the
// native GEMM path reads 64-byte aligned panels in place, others go to the streaming kernel.
function packed(b: Backend, w: Float32Array, N: number, K: number, P: number, offset = 0): Uint16Array {
  const out = alignedSharedArrays([offset + panelValues(N, K, P)], Uint16Array)[0].subarray(offset);
  b.packBf16Panels(N, K, w, P, out);
  return out;
}

function check(b: Backend, M: number, N: number, K: number, P: number, seed: number, offset = 0): void {
  const x = uniform(M * K, seed),
    w = uniform(N * K, seed + 1),
    panels = packed(b, w, N, K, P, offset);
  for (const bias of [uniform(N, seed + 2), null])
    for (const act of ['identity', 'relu'] as const) {
      const y = new Float32Array(M * N + 3).fill(NaN);
      b.linearForwardPanelsBf16(M, N, K, x, panels, P, bias, act, y.subarray(0, M * N));
      const want = linearReference(M, N, K, rounded(x), rounded(w), bias, act === 'relu');
      const where = `${M}x${N}x${K} P=${P} ${act} bias=${bias !== null} offset=${offset}`;
      expect(worstRatio(y.subarray(0, M * N), want, 1e-5 * Math.sqrt(K + 1) * 4, 1e-5), where).toBeLessThanOrEqual(1);
      expect(Array.from(y.subarray(M * N)), where).toEqual([NaN, NaN, NaN]); // nothing past y's M×N values
    }
}

describeEachBackend('packBf16Panels', (b) => {
  const widths = b.name === 'native' ? [BF16_PANEL] : [1, 4, BF16_PANEL];

  it('rounds each weight to nearest even bf16 into its panel slot, NaN/Inf kept, denormals 0, zero padding', () => {
    const special = [1 + 2 ** -8, 1 + 3 * 2 ** -8, -(1 + 2 ** -8 + 2 ** -20), 3.4028234663852886e38, 2 ** -140];
    for (const P of widths)
      for (const [N, K] of [
        [1, 1],
        [3, 5],
        [33, 4],
        [40, 7],
        [70, 64],
      ]) {
        const w = uniform(N * K, N + K, -3, 3);
        special.forEach((v, i) => (w[(i * 7) % (N * K)] = v));
        w[(N * K) >> 1] = NaN;
        w[N * K - 1] = -Infinity;
        const out = packed(b, w, N, K, P);
        const seen = new Set<number>();
        for (let j = 0; j < N; j++)
          for (let p = 0; p < K; p++) {
            const at = slot(j, p, K, P);
            seen.add(at);
            const v = w[j * K + p];
            if (Number.isNaN(v)) expect(Number.isNaN(valueOf(out[at]))).toBe(true);
            else expect(valueOf(out[at]), `${N}x${K} P=${P} w[${j}, ${p}] = ${v}`).toBe(bf16Reference(v));
          }
        for (let i = 0; i < out.length; i++) if (!seen.has(i)) expect(out[i], `padding ${i}`).toBe(0);
      }
  });

  it('names the argument that is wrong', () => {
    const w = new Float32Array(12);
    expect(() => b.packBf16Panels(3, 4, w, BF16_PANEL, new Uint16Array(10))).toThrow(/packBf16Panels: out needs/);
    expect(() => b.packBf16Panels(3, 5, w, BF16_PANEL, new Uint16Array(192))).toThrow(/packBf16Panels: w needs/);
    expect(() => b.packBf16Panels(3, 4, w, 0, new Uint16Array(128))).toThrow(/packBf16Panels: panel/);
    const f = (out: unknown) => b.packBf16Panels(3, 4, w, BF16_PANEL, out as Uint16Array);
    expect(() => f(new Int16Array(128))).toThrow(/out must be a Uint16Array/);
  });
});

describeEachBackend('linearForwardPanelsBf16', (b) => {
  const widths = b.name === 'native' ? [BF16_PANEL] : [4, BF16_PANEL];

  it('rows 1–8 and past, every column tail of 16-lane vectors and 32-column panels, odd K, K past a GEMM block', () => {
    let seed = 5;
    const shapes: [number, number, number][] = [];
    for (const M of [1, 2, 3, 4, 5, 8, 9, 15, 33])
      for (const N of [1, 15, 16, 17, 31, 33, 48, 65, 127, 129, 257])
        shapes.push([M, N, [1, 2, 7, 17, 64, 129][(M + N) % 6]]);
    for (const P of widths) for (const [M, N, K] of shapes) check(b, M, N, K, P, (seed += 3));
  });

  it('the bench MLP layers (threads split columns or rows on native), K over 1024, weights off the cache-line grid', () => {
    for (const P of widths)
      for (const [M, N, K, offset] of [
        [1, 512, 784, 0],
        [8, 256, 512, 0],
        [1, 10, 256, 0],
        [32, 512, 784, 0],
        [256, 256, 512, 0],
        [40, 70, 1100, 0],
        [3, 300, 2049, 0],
        [1, 512, 300, 8],
        [40, 100, 64, 8],
      ])
        check(b, M, N, K, P, M + N + K, offset);
  });

  it('a row gives the same bits alone and in a batch of 2–8', () => {
    const [N, K, P] = [100, 300, widths[widths.length - 1]];
    const x = uniform(8 * K, 61),
      w = packed(b, uniform(N * K, 62), N, K, P),
      bias = uniform(N, 63);
    const alone = new Float32Array(8 * N);
    for (let i = 0; i < 8; i++)
      b.linearForwardPanelsBf16(1, N, K, x.subarray(i * K, (i + 1) * K), w, P, bias, 'relu', alone.subarray(i * N));
    for (let M = 2; M <= 8; M++) {
      const y = new Float32Array(M * N);
      b.linearForwardPanelsBf16(M, N, K, x, w, P, bias, 'relu', y);
      expect(Array.from(y), `M = ${M}`).toEqual(Array.from(alone.subarray(0, M * N)));
    }
  });

  it('rounds x too: the result is off the fp32 product of x with the rounded weights', () => {
    const [M, N, K, P] = [4, 40, 200, widths[0]];
    const x = uniform(M * K, 71),
      w = uniform(N * K, 72);
    const y = new Float32Array(M * N);
    b.linearForwardPanelsBf16(M, N, K, x, packed(b, w, N, K, P), P, null, 'identity', y);
    const unroundedX = linearReference(M, N, K, x, rounded(w), null, false);
    expect(worstRatio(y, unroundedX, 1e-5 * Math.sqrt(K + 1) * 4, 1e-5)).toBeGreaterThan(5);
  });

  it('NaN and Inf in x reach only their row', () => {
    const [N, K, P] = [20, 9, widths[0]];
    const x = uniform(3 * K, 81);
    x[0] = NaN;
    x[2 * K + 4] = Infinity;
    const w = packed(
      b,
      Float32Array.from({ length: N * K }, () => 0.5),
      N,
      K,
      P,
    );
    const y = new Float32Array(3 * N);
    b.linearForwardPanelsBf16(3, N, K, x, w, P, null, 'relu', y);
    expect(y.subarray(0, N).every(Number.isNaN)).toBe(true);
    expect(y.subarray(N, 2 * N).every(Number.isFinite)).toBe(true);
    expect(Array.from(y.subarray(2 * N))).toEqual(new Array(N).fill(Infinity));
  });

  it('names the argument that is wrong', () => {
    const x = new Float32Array(8),
      y = new Float32Array(6),
      w = new Uint16Array(128);
    const call = (over: Partial<Record<'x' | 'w' | 'panel' | 'kind' | 'y', unknown>>) => () =>
      b.linearForwardPanelsBf16(
        2,
        3,
        4,
        (over.x ?? x) as Float32Array,
        (over.w ?? w) as Uint16Array,
        (over.panel ?? BF16_PANEL) as number,
        null,
        (over.kind ?? 'relu') as 'relu',
        (over.y ?? y) as Float32Array,
      );
    expect(call({ w: new Uint16Array(127) })).toThrow(/linearForwardPanelsBf16: w needs at least 128/);
    expect(call({ w: new Float32Array(128) })).toThrow(/w must be a Uint16Array/);
    expect(call({ x: new Float32Array(7) })).toThrow(/x needs at least 8/);
    expect(call({ kind: 'sigmoid' })).toThrow(/kind must be identity or relu/);
    expect(call({ y: x.subarray(0, 6) })).toThrow(/y must not overlap x/);
    expect(call({})).not.toThrow();
  });
});

describeNative('linearForwardPanelsBf16 on native', (b) => {
  it('takes only the bf16 GEMM tile width', () => {
    const call = () =>
      b.linearForwardPanelsBf16(
        1,
        3,
        4,
        new Float32Array(4),
        new Uint16Array(256),
        16,
        null,
        'relu',
        new Float32Array(3),
      );
    expect(call).toThrow(/panel must be 32, got 16/);
    expect(() => b.packBf16Panels(3, 4, new Float32Array(12), 16, new Uint16Array(256))).toThrow(/panel must be 32/);
  });

  it('with AVX512_BF16 capped off (NNKIT_SIMD=avx512, a child process): the same panels, the same product', () => {
    const [M, N, K] = [5, 70, 77];
    const x = uniform(M * K, 91),
      w = uniform(N * K, 92);
    const script = `
      const a = require('node-gyp-build')(${JSON.stringify(path.join(__dirname, '..', '..'))});
      const x = Float32Array.from(${JSON.stringify(Array.from(x))}), w = Float32Array.from(${JSON.stringify(Array.from(w))});
      const panels = new Uint16Array(${panelValues(N, K, BF16_PANEL)}), y = new Float32Array(${M * N});
      a.packBf16Panels(${N}, ${K}, w, 32, panels);
      a.linearForwardPanelsBf16(${M}, ${N}, ${K}, x, panels, 32, null, 0, y);
      console.log(JSON.stringify({ bf16: a.info().bf16, panels: Array.from(panels), y: Array.from(y) }));`;
    const r = spawnSync(process.execPath, ['-e', script], {
      env: { ...process.env, NNKIT_SIMD: 'avx512' },
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { bf16: boolean; panels: number[]; y: number[] };
    expect(out.bf16).toBe(false);
    expect(out.panels).toEqual(Array.from(packed(b, w, N, K, BF16_PANEL)));
    const want = linearReference(M, N, K, rounded(x), rounded(w), null, false);
    expect(worstRatio(out.y, want, 1e-5 * Math.sqrt(K + 1) * 4, 1e-5)).toBeLessThanOrEqual(1);
  });
});
