// `nnkit doctor` and the command dispatcher, run as users run them: the bin script in a child process.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { loadNative } from '../../src/backend/native';
import { ensureDist, root } from '../helpers/dist';

beforeAll(() => ensureDist(), 120_000);

function nnkit(args: string[], env: Record<string, string | undefined> = {}) {
  const { NNKIT_BACKEND: _b, ...base } = process.env;
  return spawnSync(process.execPath, [path.join(root, 'bin', 'nnkit.js'), ...args], {
    encoding: 'utf8',
    env: { ...base, ...env },
  });
}

it('doctor --json prints one JSON object naming backend, SIMD level, threads and version', () => {
  const r = nnkit(['doctor', '--json']);
  expect(r.status, r.stderr).toBe(0);
  const report = JSON.parse(r.stdout);
  const native = !loadNative().error;
  expect(report.backend).toBe(native ? 'native' : 'js');
  expect(['avx512', 'avx2', 'sse2', 'neon', 'none']).toContain(report.simd);
  expect(report.threads).toBeGreaterThanOrEqual(1);
  expect(report.version).toMatch(/^\d+\.\d+\.\d+/);
  expect(report.target).toBe(`${process.platform}-${process.arch}${process.platform === 'linux' ? '-glibc' : ''}`);
  // native names the binary it loaded: a local build or a prebuild of this platform
  if (native)
    expect(report.addon).toMatch(
      /^(build\/Release\/nnkit\.node|prebuilds\/linux-(x64|arm64)\/nnkit\.glibc\.node)$|\.node$/,
    );
});

it('doctor says js, and why, with NNKIT_BACKEND=js', () => {
  const r = nnkit(['doctor', '--json'], { NNKIT_BACKEND: 'js' });
  expect(JSON.parse(r.stdout)).toMatchObject({
    backend: 'js',
    simd: 'none',
    nativeUnavailable: 'NNKIT_BACKEND=js',
    howToGetNative: 'unset NNKIT_BACKEND',
  });
  expect(nnkit(['doctor'], { NNKIT_BACKEND: 'js' }).stdout).toMatch(/native\s+not in use: NNKIT_BACKEND=js/);
});

it('an unknown command or flag prints the usage (the command’s own for a flag) and exits with 2', () => {
  for (const [args, usage] of [
    [['frobnicate'], /usage: nnkit <command>/],
    [['doctor', '--verbose'], /usage: nnkit doctor \[--json\]/],
    [[], /usage: nnkit <command>/],
  ] as const) {
    const r = nnkit([...args]);
    expect(r.status, args.join(' ')).toBe(2);
    expect(r.stderr).toMatch(usage);
  }
});
