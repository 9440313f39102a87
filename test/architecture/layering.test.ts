// The library stands on its own: no file under src/ outside the CLI (src/cli.ts, src/cli/) imports from the CLI,
// and `require('nnkit')` loads no CLI module. Static half: every import specifier in src/, resolved to a path.
// Runtime half: the compiled package in a child process, listing what require() loaded.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { ensureDist, root } from '../helpers/dist';

const src = path.join(root, 'src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

/** Relative specifiers of static imports/exports, dynamic import() and require() in a TypeScript source. */
export function importSpecifiers(text: string): string[] {
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
  return [...text.matchAll(re)].map((m) => m[1]).filter((s) => s.startsWith('.'));
}

const isCli = (p: string) => {
  const rel = path.relative(src, p).split(path.sep).join('/');
  return rel === 'cli' || rel === 'cli.ts' || rel.startsWith('cli/');
};

it('the import scanner finds static, type-only, dynamic and require imports', () => {
  const text = `import { a } from './x';\nimport type { B } from "../y";\nexport * from './z';\nconst m = await import('./w');\nimport './side';\nrequire('./r');`;
  expect(importSpecifiers(text)).toEqual(['./x', '../y', './z', './w', './side', './r']);
});

it('no file under src/ outside src/cli.ts and src/cli/ imports from the CLI', () => {
  const offenders: string[] = [];
  for (const file of filesUnder(src)) {
    if (isCli(file)) continue;
    for (const spec of importSpecifiers(readFileSync(file, 'utf8'))) {
      const target = path.resolve(path.dirname(file), spec);
      if (isCli(target) || isCli(target + '.ts')) offenders.push(`${path.relative(root, file)} imports '${spec}'`);
    }
  }
  expect(offenders).toEqual([]);
});

it("require('nnkit') loads no CLI module", () => {
  ensureDist();
  const r = spawnSync(
    process.execPath,
    ['-e', `require('./dist'); console.log(JSON.stringify(Object.keys(require.cache)));`],
    { cwd: root, encoding: 'utf8', env: { ...process.env, NNKIT_BACKEND: 'js' } },
  );
  expect(r.status, r.stderr).toBe(0);
  const loaded: string[] = JSON.parse(r.stdout.trim().split('\n').pop()!);
  const dist = path.join(root, 'dist');
  expect(loaded.some((f) => f === path.join(dist, 'index.js'))).toBe(true);
  const cli = loaded.filter((f) => f === path.join(dist, 'cli.js') || f.startsWith(path.join(dist, 'cli') + path.sep));
  expect(cli).toEqual([]);
});
