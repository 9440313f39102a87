// The SIMD cap (NNKIT_SIMD) really takes effect, so the capped passes of `npm test` test what they claim.
import { expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/backends';

const EXPECTED: Record<string, string> = { avx2: 'avx2', sse2: 'sse2', scalar: 'none', none: 'none' };

describeEachBackend('simd level', (b) => {
  it('reports the level in use, never above the NNKIT_SIMD cap', () => {
    const info = b.info();
    if (b.name === 'js') return expect(info.simd).toBe('none');
    const cap = process.env.NNKIT_SIMD;
    if (cap && EXPECTED[cap]) expect(info.simd).toBe(EXPECTED[cap]);
    else expect(['avx512', 'avx2', 'sse2', 'neon', 'none']).toContain(info.simd);
  });
});
