// The AArch64 NEON variants of the f32 micro-kernels (activations, BatchNorm, softmax, elementwise, optimizers),
// tested from an x86-64 machine: native/simd/f32_check_main.cc (every op of the dispatched variant against the
// scalar one: vector-width tails, exp's overflow/underflow range, NaN) is cross-compiled with Debian's
// g++-aarch64-linux-gnu and run under qemu-user. Skips as test/backend/gemm-neon.test.ts does.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const SIMD = path.join(__dirname, '..', '..', 'native', 'simd');
const SOURCES = ['f32_check_main.cc', 'cpu.cc', ...fs.readdirSync(SIMD).filter((f) => /^f32_ukernels.*\.cc$/.test(f))];

const has = (cmd: string) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
const skip = process.arch === 'arm64' ? 'arm64 host: the native suite runs NEON directly'
  : process.env.NNKIT_SIMD ? `NNKIT_SIMD=${process.env.NNKIT_SIMD} pass: runs once, in the uncapped pass`
  : !has('aarch64-linux-gnu-g++') ? 'no aarch64-linux-gnu-g++ (apt-get install g++-aarch64-linux-gnu)'
  : !has('qemu-aarch64') ? 'no qemu-aarch64 (apt-get install qemu-user)' : '';

describe('f32 NEON micro-kernels (AArch64, cross-compiled, run under qemu-user)', () => {
  if (skip) {
    it.skip(`skipped: ${skip}`, () => {});
    return;
  }
  it('every NEON op matches the scalar variant (and NNKIT_SIMD=scalar picks the scalar one)', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nnkit-neon-')), 'f32-check');
    const cc = spawnSync('aarch64-linux-gnu-g++', ['-std=c++17', '-O2', '-static',
      ...SOURCES.map((s) => path.join(SIMD, s)), '-o', out], { encoding: 'utf8' });
    expect(cc.status, cc.stderr).toBe(0);
    const run = (env: NodeJS.ProcessEnv = {}) => {
      const r = spawnSync('qemu-aarch64', [out], { encoding: 'utf8', env: { ...process.env, ...env } });
      return { status: r.status, stderr: r.stderr, out: JSON.parse(r.stdout.trim()) as { isa: string; cases: number; failures: number } };
    };
    const neon = run();
    expect(neon.out, neon.stderr).toMatchObject({ isa: 'neon', failures: 0 });
    expect(neon.out.cases).toBeGreaterThan(500);
    expect(neon.status).toBe(0);
    expect(run({ NNKIT_SIMD: 'scalar' }).out).toMatchObject({ isa: 'scalar', failures: 0 });
  }, 180_000);
});
