// The AArch64 NEON SGEMM kernel, tested from an x86-64 machine: native/simd/gemm_check_main.cc (driver + every
// micro-kernel against a float64 reference, edge tiles, transposes, alpha/beta, untouched padding) is
// cross-compiled with Debian's g++-aarch64-linux-gnu and run under qemu-user. A skip with the reason when the
// cross compiler or qemu is missing (apt-get install g++-aarch64-linux-gnu qemu-user), on an arm64 host (where
// the native suite runs the NEON kernel directly), and in the NNKIT_SIMD-capped passes (the cap is an x86 one).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const NATIVE = path.join(__dirname, '..', '..', 'native');
const SOURCES = ['simd/gemm_check_main.cc', 'kernels/gemm.cc', 'kernels/gemm_pack.cc', 'simd/gemm_microkernels.cc',
  'simd/cpu.cc', 'runtime/thread_pool.cc',
  ...fs.readdirSync(path.join(NATIVE, 'simd')).filter((f) => /^gemm_f32_.*\.cc$/.test(f)).map((f) => `simd/${f}`)];

const has = (cmd: string) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
const skip = process.arch === 'arm64' ? 'arm64 host: the native suite runs NEON directly'
  : process.env.NNKIT_SIMD ? `NNKIT_SIMD=${process.env.NNKIT_SIMD} pass: runs once, in the uncapped pass`
  : !has('aarch64-linux-gnu-g++') ? 'no aarch64-linux-gnu-g++ (apt-get install g++-aarch64-linux-gnu)'
  : !has('qemu-aarch64') ? 'no qemu-aarch64 (apt-get install qemu-user)' : '';

describe('gemm NEON kernel (AArch64, cross-compiled, run under qemu-user)', () => {
  if (skip) {
    it.skip(`skipped: ${skip}`, () => {});
    return;
  }
  const build = (extra: string[]) => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nnkit-neon-')), 'gemm-check');
    const cc = spawnSync('aarch64-linux-gnu-g++', ['-std=c++17', '-O2', '-static', '-pthread', ...extra,
      ...SOURCES.map((s) => path.join(NATIVE, s)), '-o', out], { encoding: 'utf8' });
    expect(cc.status, cc.stderr).toBe(0);
    return out;
  };
  const run = (bin: string, env: NodeJS.ProcessEnv = {}) => {
    const r = spawnSync('qemu-aarch64', [bin], { encoding: 'utf8', env: { ...process.env, ...env } });
    return { status: r.status, out: JSON.parse(r.stdout.trim()) as { simd: string; kernel: string; cases: number; failures: number } };
  };

  it('the NEON kernel (and the scalar one under NNKIT_SIMD=scalar) pass the driver and kernel checks', () => {
    const bin = build([]);
    const neon = run(bin);
    expect(neon.out).toMatchObject({ simd: 'neon', kernel: 'gemm_f32_8x8__neon', failures: 0 });
    expect(neon.out.cases).toBeGreaterThan(600);
    expect(neon.status).toBe(0);
    const scalar = run(bin, { NNKIT_SIMD: 'scalar' });
    expect(scalar.out).toMatchObject({ simd: 'none', kernel: 'gemm_f32_4x4__scalar', failures: 0 });
  }, 180_000);
});
