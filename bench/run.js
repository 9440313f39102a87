#!/usr/bin/env node
// `npm run bench [-- name ...] [--json] [other flags]`: runs bench/<name>.js for each name given, or every
// bench/*.js but this one when none is. Benchmarks load nnkit from dist/, which is recompiled first when missing
// or older than src/. Flags after the names are passed to each benchmark. With --json the outputs are merged
// into one object { machine, results } on stdout.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const args = process.argv.slice(2);
const firstFlag = args.findIndex((a) => a.startsWith('-'));
const names = firstFlag < 0 ? args : args.slice(0, firstFlag); // names first, then flags (with their values)
const flags = firstFlag < 0 ? [] : args.slice(firstFlag);
const json = flags.includes('--json');

function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

function ensureDist() {
  const index = path.join(ROOT, 'dist', 'index.js');
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= newest(path.join(ROOT, 'src'))) return;
  if (!json) console.log('bench: compiling src/ to dist/ (tsc -p tsconfig.build.json)');
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: json ? ['inherit', 'ignore', 'inherit'] : 'inherit',
  });
  if (!fs.existsSync(index)) process.exit(r.status || 1);
  // tsc still emits on type errors; benchmark what it emitted, but say so.
  if (r.status !== 0) console.error('bench: tsc reported errors (above); running on what it emitted into dist/');
  fs.utimesSync(index, new Date(), new Date()); // tsc leaves unchanged outputs' times alone
}

const all = fs
  .readdirSync(__dirname)
  .filter((f) => f.endsWith('.js') && f !== 'run.js')
  .map((f) => f.slice(0, -3));
const chosen = names.length ? names : all;
for (const n of chosen) {
  if (!all.includes(n)) {
    console.error(`bench: no benchmark named ${n}; available: ${all.join(', ')}`);
    process.exit(2);
  }
}
ensureDist();

const merged = { machine: null, results: [] };
let status = 0;
for (const n of chosen) {
  const file = path.join(__dirname, `${n}.js`);
  const r = spawnSync(process.execPath, [file, ...flags], {
    cwd: ROOT,
    stdio: json ? ['inherit', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    console.error(`bench: ${n} failed (exit ${r.status})`);
    status = r.status ?? 1;
    continue;
  }
  if (json) {
    const out = JSON.parse(r.stdout.trim().split('\n').pop());
    merged.machine = merged.machine ?? out.machine;
    merged.results.push(...out.results.map((x) => ({ bench: n, ...x })));
  }
}
if (json) console.log(JSON.stringify(merged));
process.exit(status);
