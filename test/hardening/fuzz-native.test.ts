// The native boundary under random abuse: ≥ 100k calls over every export (wrong types, short/oversized/offset/
// shared/detached arrays, bad sizes, aliasing, wrong arity), in child processes so a crash is caught as a signal.
// Every call must compute or throw a TypeError/RangeError.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { describeNative } from '../helpers/backends';

describeNative('native fuzz', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`30k random calls (seed ${seed}): no crash, only computed results or TypeError/RangeError`, () => {
      const r = spawnSync(process.execPath, [path.join(__dirname, 'fuzz-child.js'), String(seed), '30000'], {
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(r.signal, r.stderr).toBeNull();
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.calls).toBe(30000);
      expect(out.computed).toBeGreaterThan(1000); // the valid share really runs kernels
      expect(out.threw).toBeGreaterThan(1000);
    });
  }
});
