// The fallback, as a user without a compiler meets it: a package with no build/ and no prebuilds/ loads, prints
// exactly one warning line, and computes on the JS backend. Runs a compiled copy in a child process.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
let pkg: string;

beforeAll(() => {
  pkg = fs.mkdtempSync(path.join(os.tmpdir(), 'nnkit-no-addon-'));
  fs.copyFileSync(path.join(root, 'package.json'), path.join(pkg, 'package.json'));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(pkg, 'node_modules'));
  execFileSync(process.execPath, [
    path.join(root, 'node_modules/typescript/bin/tsc'),
    '-p',
    path.join(root, 'tsconfig.build.json'),
    '--outDir',
    path.join(pkg, 'dist'),
  ]);
}, 120_000);

function run(script: string, env: Record<string, string> = {}) {
  const { NNKIT_BACKEND: _ignored, ...base } = process.env;
  return spawnSync(process.execPath, ['-e', script], { cwd: pkg, env: { ...base, ...env }, encoding: 'utf8' });
}

it('without the addon: one warning line, then correct results on the JS backend', () => {
  const r = run(`const n = require('./dist');
    const C = new Float32Array(4);
    n.backend().gemm(false, false, 2, 2, 2, 1, new Float32Array([1,2,3,4]), 2, new Float32Array([5,6,7,8]), 2, 0, C, 2);
    console.log(JSON.stringify({ info: n.backendInfo(), C: Array.from(C) }));`);
  expect(r.status).toBe(0);
  const lines = r.stderr.split('\n').filter((l) => l.length > 0);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^nnkit: native addon not loaded \(.+\); using the slower JS backend\. .*npm rebuild nnkit/);
  const out = JSON.parse(r.stdout);
  expect(out.info.name).toBe('js');
  expect(out.C).toEqual([19, 22, 43, 50]);
});

it('without the addon: asking for native explicitly is a clear error', () => {
  const r = run(`require('./dist').backendInfo()`, { NNKIT_BACKEND: 'native' });
  expect(r.status).not.toBe(0);
  expect(r.stderr).toMatch(/the native backend is not available: .*npm rebuild nnkit/);
});

it('NNKIT_BACKEND with a wrong value lists the valid ones', () => {
  const r = run(`require('./dist').backendInfo()`, { NNKIT_BACKEND: 'gpu' });
  expect(r.stderr).toMatch(/NNKIT_BACKEND must be one of native, js, got "gpu"/);
});
