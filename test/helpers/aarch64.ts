// Testing AArch64 (NEON) code from an x86-64 machine: cross-compile a standalone check program with Debian's
// g++-aarch64-linux-gnu and run it under qemu-user. Used by test/backend/*-neon.test.ts.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const has = (cmd: string) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;

/** Why the NEON checks cannot run here ('' when they can): an arm64 host runs NEON in the native suite itself, the
 *  NNKIT_SIMD-capped passes are x86 caps (the check runs once, in the uncapped pass), or a tool is missing. */
export function aarch64SkipReason(): string {
  return process.arch === 'arm64'
    ? 'arm64 host: the native suite runs NEON directly'
    : process.env.NNKIT_SIMD
      ? `NNKIT_SIMD=${process.env.NNKIT_SIMD} pass: runs once, in the uncapped pass`
      : !has('aarch64-linux-gnu-g++')
        ? 'no aarch64-linux-gnu-g++ (apt-get install g++-aarch64-linux-gnu)'
        : !has('qemu-aarch64')
          ? 'no qemu-aarch64 (apt-get install qemu-user)'
          : '';
}

/** Cross-compiles `sources` (-std=c++17 -O2 -static, plus `flags`) into a temporary binary; the compiler's result. */
export function crossCompile(
  sources: string[],
  flags: string[] = [],
): { bin: string; status: number | null; stderr: string } {
  const bin = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nnkit-neon-')), 'check');
  const cc = spawnSync('aarch64-linux-gnu-g++', ['-std=c++17', '-O2', '-static', ...flags, ...sources, '-o', bin], {
    encoding: 'utf8',
  });
  return { bin, status: cc.status, stderr: cc.stderr };
}

/** Runs a cross-compiled check under qemu-aarch64; its exit status, stderr and the JSON line it prints. */
export function runUnderQemu<T>(
  bin: string,
  env: NodeJS.ProcessEnv = {},
): { status: number | null; stderr: string; out: T } {
  const r = spawnSync('qemu-aarch64', [bin], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status, stderr: r.stderr, out: JSON.parse(r.stdout.trim()) as T };
}
