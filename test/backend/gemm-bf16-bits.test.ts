// gemmBf16 with A and/or B given as bf16 bits (Uint16Array): against a float64 reference on the values the bits
// stand for (decoded here by a shift into a float32's upper half), every edge tile, transposes, alpha/beta, odd K,
// odd leading dimensions (rows at 2-byte offsets), untouched padding, the MLP shapes on the thread pool; the bits
// are used as they are (values no rounding produces from a float32 of that value), and bits equal to the rounding
// of fp32 operands give the fp32 call's result exactly. Under `npm test`'s SIMD caps this file also runs the
// fp32-kernel emulation. Then the public converter toBf16Bits / fromBf16Bits.
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/types';
import { fromBf16Bits, toBf16Bits } from '../../src/bf16';
import { describeEachBackend } from '../helpers/backends';
import { bf16Reference } from '../helpers/bf16';
import { gemmReference, type GemmCase as Case } from '../helpers/gemm-reference';
import { rng, uniform, worstRatio } from '../helpers/random';

/** The float32 value of bf16 bits, by placing them in the upper half of a float32's bits. */
function decode(bits: Uint16Array): Float64Array {
  const f = new Float32Array(new Uint32Array(Array.from(bits, (b) => b * 65536)).buffer);
  return Float64Array.from(f);
}

/** n random bf16 bit patterns of normal values in ±[2^-4, 2^4): any of the 128 mantissas, either sign. */
function randomBits(n: number, seed: number): Uint16Array {
  const r = rng(seed);
  return Uint16Array.from({ length: n }, () => {
    const sign = r() < 0.5 ? 0x8000 : 0;
    const exponent = 123 + Math.floor(r() * 8); // biased: 2^-4 … 2^3
    return sign | (exponent << 7) | Math.floor(r() * 128);
  });
}

type Which = 'A' | 'B' | 'AB';

const SENTINEL = 12345.5;

// One case with `which` operands as bits (the others float32 values already exact in bf16, so the reference needs
// no rounding); returns the worst error ratio (≤ 1: within fp32 summation error) or Infinity if padding changed.
function check(b: Backend, c: Case, which: Which, seed: number): number {
  const { tA, tB, M, N, K, alpha, beta, pad } = c;
  const lda = (tA ? M : K) + pad,
    ldb = (tB ? K : N) + pad,
    ldc = N + pad;
  const aBits = randomBits((tA ? K : M) * lda, seed),
    bBits = randomBits((tB ? N : K) * ldb, seed + 1);
  const A = which === 'B' ? Float32Array.from(decode(aBits)) : aBits;
  const B = which === 'A' ? Float32Array.from(decode(bBits)) : bBits;
  const C = uniform(M * ldc, seed + 2);
  for (let i = 0; i < M; i++) for (let j = N; j < ldc; j++) C[i * ldc + j] = SENTINEL;
  const want = gemmReference(tA, tB, M, N, K, alpha, decode(aBits), lda, decode(bBits), ldb, beta, C, ldc);
  b.gemmBf16(tA, tB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  for (let i = 0; i < M; i++) for (let j = N; j < ldc; j++) if (C[i * ldc + j] !== SENTINEL) return Infinity;
  const atol = 1e-5 * Math.sqrt(K + 1) * 64 * (Math.abs(alpha) + Math.abs(beta) + 1); // |a·b| < 2^8
  return worstRatio(C, want, atol, 1e-5);
}

describeEachBackend('gemmBf16 on bf16 bits', (b) => {
  it('every edge tile, k odd and past a pair block, transposes, alpha/beta, odd leading dimensions', () => {
    const r = rng(29);
    const ms = [1, 2, 3, 13, 14, 15, 28, 29];
    const ns = [1, 7, 15, 16, 17, 31, 32, 33, 49];
    const ks = [1, 2, 3, 31, 33, 129, 513, 1025];
    let seed = 1,
      worst = 0,
      worstCase = '';
    for (const which of ['A', 'B', 'AB'] as const)
      for (const M of ms)
        for (const N of ns) {
          const c: Case = {
            tA: r() < 0.5,
            tB: r() < 0.5,
            M,
            N,
            K: ks[Math.floor(r() * ks.length)],
            alpha: [1, 0.5, -2][seed % 3],
            beta: [0, 1, -0.5][seed % 3],
            pad: seed % 3,
          };
          const e = check(b, c, which, (seed += 3));
          if (!(e <= worst)) {
            worst = e;
            worstCase = `${which} ${JSON.stringify(c)}`;
          }
        }
    expect(worst, worstCase).toBeLessThanOrEqual(1);
  });

  it('the dense-layer shapes of the bench MLP, on the thread pool (column and row splits)', () => {
    const cases: [Case, Which][] = [
      [{ tA: false, tB: true, M: 128, N: 512, K: 784, alpha: 1, beta: 0, pad: 0 }, 'B'], // y = x·Wᵀ, W bits
      [{ tA: false, tB: false, M: 128, N: 784, K: 512, alpha: 1, beta: 0, pad: 0 }, 'B'], // dx = dy·W
      [{ tA: true, tB: false, M: 512, N: 784, K: 128, alpha: 1, beta: 1, pad: 1 }, 'AB'], // dW += dyᵀ·x
      [{ tA: false, tB: false, M: 700, N: 40, K: 301, alpha: 1, beta: 0, pad: 1 }, 'A'], // tall: row split
    ];
    cases.forEach(([c, which], i) =>
      expect(check(b, c, which, 100 + 7 * i), `${which} ${JSON.stringify(c)}`).toBeLessThanOrEqual(1),
    );
  });

  it('uses the bits as they are: one k pair per lane of each operand, every bf16 mantissa', () => {
    // op(A) [n, 2] and op(B) [2, n] with the other operand's pair (1, 0): C[i][i] is exactly op(A)[i][0] (or
    // op(B)[0][i]), so a packer that rounds, shifts or drops a half shows up at once.
    const n = 128;
    const bits = Uint16Array.from({ length: n }, (_, i) => ((i % 2 ? 0x8000 : 0) | (127 << 7) | i) & 0xffff);
    const one = Uint16Array.of(0x3f80, 0); // 1 and 0 as bf16
    const want = decode(bits);
    for (const trans of [false, true]) {
      const v = new Uint16Array(2 * n); // each value in k slot 0 of its lane, slot 1 zero
      for (let i = 0; i < n; i++) v[trans ? i : 2 * i] = bits[i];
      const cA = new Float32Array(n),
        cB = new Float32Array(n);
      b.gemmBf16(trans, false, n, 1, 2, 1, v, trans ? n : 2, one, 1, 0, cA, 1);
      b.gemmBf16(false, !trans, 1, n, 2, 1, one, 2, v, trans ? n : 2, 0, cB, n);
      expect(Array.from(cA), `A trans ${trans}`).toEqual(Array.from(want));
      expect(Array.from(cB), `B trans ${trans}`).toEqual(Array.from(want));
    }
  });

  it('bits of the rounded fp32 operands give exactly the fp32 call (same panels, same sums)', () => {
    const M = 37,
      N = 70,
      K = 301;
    for (const [tA, tB] of [
      [false, true],
      [false, false],
      [true, false],
      [true, true],
    ]) {
      const A = uniform(M * K, 71),
        B = uniform(K * N, 72);
      const lda = tA ? M : K,
        ldb = tB ? K : N;
      const fromF32 = new Float32Array(M * N),
        fromBits = new Float32Array(M * N);
      b.gemmBf16(tA, tB, M, N, K, 1, A, lda, B, ldb, 0, fromF32, N);
      b.gemmBf16(tA, tB, M, N, K, 1, A, lda, toBf16Bits(B), ldb, 0, fromBits, N);
      expect(Array.from(fromBits), `B bits, ${tA} ${tB}`).toEqual(Array.from(fromF32));
      b.gemmBf16(tA, tB, M, N, K, 1, toBf16Bits(A), lda, toBf16Bits(B), ldb, 0, fromBits, N);
      expect(Array.from(fromBits), `A and B bits, ${tA} ${tB}`).toEqual(Array.from(fromF32));
    }
  });

  it('names the argument that is wrong', () => {
    const C = new Float32Array(4);
    expect(() => b.gemmBf16(false, false, 2, 2, 3, 1, new Uint16Array(5), 3, new Uint16Array(6), 2, 0, C, 2)).toThrow(
      /gemmBf16: A needs at least 6/,
    );
    expect(() =>
      b.gemmBf16(false, false, 2, 2, 3, 1, new Uint16Array(6), 3, new Int32Array(6) as never, 2, 0, C, 2),
    ).toThrow(/gemmBf16: B must be a Float32Array.*Uint16Array/);
    const shared = new ArrayBuffer(64);
    expect(() =>
      b.gemmBf16(
        false,
        false,
        2,
        2,
        2,
        1,
        new Uint16Array(shared, 0, 4),
        2,
        new Uint16Array(4),
        2,
        0,
        new Float32Array(shared, 4, 4),
        2,
      ),
    ).toThrow(/C must not overlap A/);
    expect(() =>
      b.gemm(false, false, 2, 2, 2, 1, new Uint16Array(4) as never, 2, new Float32Array(4), 2, 0, C, 2),
    ).toThrow(/gemm: A must be a Float32Array/);
  });
});

describe('toBf16Bits / fromBf16Bits', () => {
  const bitsOf = (x: number) => new Uint32Array(Float32Array.of(x).buffer)[0] >>> 16;

  it('rounds to nearest even, overflows to Inf, flushes float32 denormals to ±0, as the test reference', () => {
    const values = [
      1 + 2 ** -8, // tie → 1
      1 + 3 * 2 ** -8, // tie → 1 + 2^-6
      1 + 2 ** -8 + 2 ** -20,
      -(1 + 3 * 2 ** -8),
      3.4028234663852886e38, // the largest float32 → Inf
      -3.3895313892515355e38, // the largest bf16, negative
      2 ** -126,
      2 ** -140, // float32 denormal
      -(2 ** -130),
      Infinity,
      -Infinity,
      0,
      ...Array.from(uniform(200, 5, -1e3, 1e3)),
    ];
    const got = toBf16Bits(values);
    values.forEach((x, i) => {
      const want = bf16Reference(x);
      expect(got[i], `${x}`).toBe(want === 0 ? (Object.is(Math.sign(x), -1) || x < 0 ? 0x8000 : 0) : bitsOf(want));
    });
  });

  it('keeps NaN a NaN (quiet, its sign and top mantissa bits), whatever its payload', () => {
    const u = Uint32Array.of(0x7fc00000, 0xffc00001, 0x7f800001, 0xff812345);
    const got = toBf16Bits(new Float32Array(u.buffer));
    expect(Array.from(got, (b) => b.toString(16))).toEqual(['7fc0', 'ffc0', '7fc0', 'ffc1']);
    expect(fromBf16Bits(got).every(Number.isNaN)).toBe(true);
  });

  it('fromBf16Bits gives the value the bits stand for, exactly, and round-trips', () => {
    const bits = randomBits(500, 9);
    expect(Array.from(fromBf16Bits(bits))).toEqual(Array.from(decode(bits)));
    expect(Array.from(toBf16Bits(fromBf16Bits(bits)))).toEqual(Array.from(bits));
  });
});
