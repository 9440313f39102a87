// The AArch64 NEON variants of the f32 micro-kernels (activations, BatchNorm, softmax, elementwise, optimizers),
// tested from an x86-64 machine: native/simd/f32_check_main.cc (every op of the dispatched variant against the
// scalar one: vector-width tails, exp's overflow/underflow range, NaN) is cross-compiled with Debian's
// g++-aarch64-linux-gnu and run under qemu-user (test/helpers/aarch64.ts, which says when it skips).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aarch64SkipReason, crossCompile, runUnderQemu } from '../helpers/aarch64';

const SIMD = path.join(__dirname, '..', '..', 'native', 'simd');
const SOURCES = ['f32_check_main.cc', 'cpu.cc', ...fs.readdirSync(SIMD).filter((f) => /^f32_ukernels.*\.cc$/.test(f))];
type Check = { isa: string; cases: number; failures: number };

const skip = aarch64SkipReason();

describe('f32 NEON micro-kernels (AArch64, cross-compiled, run under qemu-user)', () => {
  if (skip) {
    it.skip(`skipped: ${skip}`, () => {});
    return;
  }
  it('every NEON op matches the scalar variant (and NNKIT_SIMD=scalar picks the scalar one)', () => {
    const cc = crossCompile(SOURCES.map((s) => path.join(SIMD, s)));
    expect(cc.status, cc.stderr).toBe(0);
    const neon = runUnderQemu<Check>(cc.bin);
    expect(neon.out, neon.stderr).toMatchObject({ isa: 'neon', failures: 0 });
    expect(neon.out.cases).toBeGreaterThan(500);
    expect(neon.status).toBe(0);
    expect(runUnderQemu<Check>(cc.bin, { NNKIT_SIMD: 'scalar' }).out).toMatchObject({ isa: 'scalar', failures: 0 });
  }, 180_000);
});
