// [reliability] An index array on a SharedArrayBuffer, rewritten by another thread between the native check and
// the kernel's use, must never crash the process or write out of bounds: the binding reads each index once into a
// checked copy (native/binding/args.h, Args::indices). Before that fix this child segfaulted (exit 139) within a
// second or wrote into the guard floats.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { describeNative } from '../helpers/backends';

describeNative('index arrays changed by another thread during a native call', () => {
  it('softmaxCrossEntropy labels and maxGroupsBackward argmax: computed or RangeError, no crash, no stray write', () => {
    const r = spawnSync(process.execPath, [path.join(__dirname, 'shared-index-race-child.js'), '3000'], {
      encoding: 'utf8',
      timeout: 170_000,
    });
    expect(r.signal, r.stderr).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.guardIntact).toBe(true);
    for (const kernel of [out.softmaxCrossEntropy, out.maxGroupsBackward]) {
      expect(kernel.computed + kernel.threw).toBeGreaterThanOrEqual(3000);
      expect(kernel.threw).toBeGreaterThan(0); // the flipper really raced the calls
      expect(kernel.computed).toBeGreaterThan(0);
    }
  }, 180_000);
});
