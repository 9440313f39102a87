// The AArch64 NEON SGEMM kernels, tested from an x86-64 machine: native/simd/gemm_check_main.cc (driver, every
// micro-kernel and skinny-GEMM variant against a float64 reference, edge tiles, transposes, alpha/beta, bias and
// ReLU epilogues, untouched padding) is
// cross-compiled with Debian's g++-aarch64-linux-gnu and run under qemu-user. A skip with the reason when the
// cross compiler or qemu is missing (apt-get install g++-aarch64-linux-gnu qemu-user), on an arm64 host (where
// the native suite runs the NEON kernel directly), and in the NNKIT_SIMD-capped passes (the cap is an x86 one).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aarch64SkipReason, crossCompile, runUnderQemu } from '../helpers/aarch64';

const NATIVE = path.join(__dirname, '..', '..', 'native');
// The check program's one source list (native/simd/gemm_check.sources), shared with scripts/sanitize.sh.
const SOURCES = fs
  .readFileSync(path.join(NATIVE, 'simd', 'gemm_check.sources'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.startsWith('#'));
type Check = { simd: string; kernel: string; skinny: string; cases: number; failures: number };

const skip = aarch64SkipReason();

describe('gemm NEON kernel (AArch64, cross-compiled, run under qemu-user)', () => {
  if (skip) {
    it.skip(`skipped: ${skip}`, () => {});
    return;
  }
  it('the NEON kernels (and the scalar ones under NNKIT_SIMD=scalar) pass the driver and kernel checks', () => {
    const cc = crossCompile(
      SOURCES.map((s) => path.join(NATIVE, s)),
      ['-pthread'],
    );
    expect(cc.status, cc.stderr).toBe(0);
    const neon = runUnderQemu<Check>(cc.bin);
    expect(neon.out).toMatchObject({
      simd: 'neon',
      kernel: 'gemm_f32_8x8__neon',
      skinny: 'skinny_gemm_nt_f32__neon',
      failures: 0,
    });
    expect(neon.out.cases).toBeGreaterThan(3000); // the scalar and NEON skinny variants: 2 × 1224 cases
    expect(neon.status).toBe(0);
    const scalar = runUnderQemu<Check>(cc.bin, { NNKIT_SIMD: 'scalar' });
    expect(scalar.out).toMatchObject({
      simd: 'none',
      kernel: 'gemm_f32_4x4__scalar',
      skinny: 'skinny_gemm_nt_f32__scalar',
      failures: 0,
    });
  }, 180_000);
});
