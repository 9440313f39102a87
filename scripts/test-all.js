#!/usr/bin/env node
// `npm test`: the whole suite (every kernel test on both backends), then the native kernel tests again under
// each SIMD cap, so the paths this CPU would not pick (AVX2, SSE2, scalar) are tested too.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const fs = require('node:fs');
const os = require('node:os');

const vitest = path.join(__dirname, '..', 'node_modules', 'vitest', 'vitest.mjs');
const extra = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0 };
let status = 0;

function run(label, env, args) {
  console.log(`\n=== ${label} ===`);
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nnkit-test-')), 'report.json');
  const r = spawnSync(
    process.execPath,
    [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args, ...extra],
    { stdio: 'inherit', env: { ...process.env, ...env } },
  );
  try {
    const json = JSON.parse(fs.readFileSync(report, 'utf8'));
    totals.passed += json.numPassedTests;
    totals.failed += json.numFailedTests;
    totals.skipped += json.numPendingTests + json.numTodoTests;
  } catch {
    totals.failed += 1; // no report: the run itself broke
  }
  if (r.status !== 0) {
    console.error(`npm test: ${label} failed`);
    status = r.status ?? 1;
  }
}

// Child-process and worker tests run the compiled package: compile it first so they never test a stale dist/.
const tsc = spawnSync(
  process.execPath,
  [
    path.join(__dirname, '..', 'node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    path.join(__dirname, '..', 'tsconfig.build.json'),
  ],
  { stdio: 'inherit' },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

run('all tests, both backends', {}, []);
let native = false;
try {
  require('node-gyp-build')(path.join(__dirname, '..'));
  native = true;
} catch (e) {
  console.log(`native addon not loaded, SIMD-cap passes skipped: ${String(e.message).split('\n')[0]}`);
}
if (native) {
  for (const cap of ['avx2', 'sse2', 'scalar']) {
    run(`native kernels, NNKIT_SIMD=${cap}`, { NNKIT_SIMD: cap, NNKIT_TEST_BACKENDS: 'native' }, ['test/backend']);
  }
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(status || (totals.failed > 0 ? 1 : 0));
