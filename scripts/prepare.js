#!/usr/bin/env node
// npm's prepare hook: in the repository (a git checkout, `npm install`) it compiles TypeScript to dist/; in an
// installed package dist/ is already there and there is nothing to compile, so it does nothing.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
if (!fs.existsSync(path.join(root, 'tsconfig.build.json'))) process.exit(0);
const npm = process.env.npm_execpath;
const r = npm
  ? spawnSync(process.execPath, [npm, 'run', 'build:ts'], { cwd: root, stdio: 'inherit' })
  : spawnSync('npm', ['run', 'build:ts'], { cwd: root, stdio: 'inherit', shell: true });
process.exit(r.status ?? 1);
