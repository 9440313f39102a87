// Headless Chromium for the report tests: the binary when installed (.ci/run installs it), run with a fresh profile
// and without its own network services; `chromium` blocks, `chromiumAsync` lets this process serve pages meanwhile.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);

function chromiumArgs(args: string[]): string[] {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'nnkit-chromium-'));
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-dev-shm-usage',
    `--user-data-dir=${profile}`,
    ...args,
  ];
}

export function chromium(args: string[]): string {
  const r = spawnSync(CHROMIUM!, chromiumArgs(args), { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`chromium exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

export function chromiumAsync(args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      CHROMIUM!,
      chromiumArgs(args),
      { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 << 20 },
      (e, out, err) => (e ? reject(new Error(`chromium failed: ${e.message}\n${err}`)) : resolve(out)),
    ),
  );
}
