// gemmAsync's contract on both backends: it does not block the event loop (other callbacks run while the product
// is computed), it reads A, B, C at the call (changes made after the call do not reach the product), and C is
// written when the promise resolves — with the same values as gemm.
import { describe, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/backends';
import { uniform } from '../helpers/random';

describeEachBackend('gemmAsync', (b) => {
  it('lets the event loop run while it computes; C is written when it resolves, as gemm writes it', async () => {
    // big enough that the product spans many turns of the loop (native: ~1 G multiply-adds, a few ms)
    const [M, N, K] = b.name === 'native' ? [1024, 1024, 1024] : [384, 256, 320];
    const A = uniform(M * K, 1),
      B = uniform(K * N, 2),
      C0 = uniform(M * N, 3);
    const expected = C0.slice();
    b.gemm(false, true, M, N, K, 0.5, A, K, B, K, 2, expected, N);
    const C = C0.slice();
    let turns = 0;
    let running = true;
    const tick = () => {
      turns++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const done = b.gemmAsync(false, true, M, N, K, 0.5, A, K, B, K, 2, C, N);
    A.fill(0); // read at the call: this must not change the product
    const untouched = C[0] === C0[0] && C[C.length - 1] === C0[C.length - 1];
    await done;
    running = false;
    expect(untouched).toBe(true);
    expect(turns).toBeGreaterThan(1);
    let differing = 0;
    for (let i = 0; i < C.length; i++) if (C[i] !== expected[i]) differing++;
    expect(differing).toBe(0);
  });
});

describe('gemmAsync, JS backend, transposed A in slices', () => {
  it('A stored [K, M] with lda > M: the slices of rows of C start at the right columns of A', async () => {
    const { jsBackend } = await import('../../src/backend/js');
    const M = 700,
      N = 90,
      K = 70,
      lda = M + 3;
    const A = uniform(K * lda, 4),
      B = uniform(K * N, 5);
    const expected = new Float32Array(M * N),
      C = new Float32Array(M * N);
    // naive float64 reference
    for (let i = 0; i < M; i++)
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let p = 0; p < K; p++) s += A[p * lda + i] * B[p * N + j];
        expected[i * N + j] = s;
      }
    await jsBackend.gemmAsync(true, false, M, N, K, 1, A, lda, B, N, 0, C, N);
    for (let i = 0; i < C.length; i++) expect(C[i]).toBeCloseTo(expected[i], 3);
  });
});
