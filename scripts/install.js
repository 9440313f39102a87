#!/usr/bin/env node
// `npm install` hook: use a prebuilt binary from prebuilds/ when one loads, else compile with node-gyp.
// A failed compile must not fail the install: nnkit then runs on its JS backend and says so once at import.
'use strict';
const { spawnSync } = require('node:child_process');

const result = spawnSync(process.execPath, [require.resolve('node-gyp-build/bin.js')], { stdio: 'inherit' });
if (result.status !== 0) {
  console.warn(
    'nnkit: the native addon could not be built; nnkit will use its JS backend. ' +
      'Install python3, make and a C++17 compiler, then run `npm rebuild nnkit`.',
  );
}
process.exit(0);
