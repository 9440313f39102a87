// Child-process and worker tests run the compiled package. `npm test` compiles dist/ first (scripts/test-all.js);
// a direct `vitest run` compiles it here when it is missing.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export const root = path.resolve(__dirname, '..', '..');

/** Compiles dist/ now, so a worker runs what the sources under test say. Type errors elsewhere in the tree still
 *  emit JavaScript: only a missing `entry` (a path under dist/) is fatal. */
export function compileDist(entry: string): void {
  try {
    runTsc();
  } catch (e) {
    if (!existsSync(path.join(root, 'dist', entry))) throw e;
  }
}

export function ensureDist(): void {
  if (!existsSync(path.join(root, 'dist', 'index.js'))) runTsc();
}

function runTsc(): void {
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    { cwd: root, stdio: 'pipe' },
  );
}
