// Runs a suite once per backend: `describe` for js, and for native when the addon loads. A missing addon is a
// skip with the reason printed, never a silent pass — and a failure when NNKIT_REQUIRE_NATIVE=1 (CI sets it).
import { describe } from 'vitest';
import { getBackend } from '../../src/backend';
import { loadNative } from '../../src/backend/native';
import type { Backend, BackendName } from '../../src/backend/types';

// NNKIT_TEST_BACKENDS=native (or js) narrows the run, e.g. for the SIMD-cap passes of scripts/test-all.js.
const ALL = (process.env.NNKIT_TEST_BACKENDS?.split(',') ?? ['js', 'native']) as BackendName[];

/** A suite about the native backend only (threads, the addon itself): skipped with the reason when the addon is
 *  not loaded, a failure when NNKIT_REQUIRE_NATIVE=1. */
export function describeNative(title: string, suite: (b: Backend) => void): void {
  const load = loadNative();
  if (load.error) {
    if (process.env.NNKIT_REQUIRE_NATIVE === '1')
      throw new Error(`native addon required but not loaded: ${load.error.message}`);
    describe.skip(`${title} [native: skipped, addon not loaded: ${load.error.message.split('\n')[0]}]`, () => {});
    return;
  }
  const b = getBackend('native');
  describe(`${title} [native ${b.info().simd}]`, () => suite(b));
}

export function describeEachBackend(title: string, suite: (b: Backend) => void): void {
  for (const name of ALL) {
    if (name === 'native') describeNative(title, suite);
    else describe(`${title} [js]`, () => suite(getBackend('js')));
  }
}
