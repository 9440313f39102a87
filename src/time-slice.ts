// Long synchronous work (a preprocessing fit over 60 000 rows, a pass over a dataset) written once as a generator
// that yields between blocks of rows, run either at once (drainSync) or in time slices (drain): the async driver
// gives the event loop a turn whenever a slice has run SLICE_MS, so a service keeps answering while fit prepares.
//   function* work(): Generator<void, T> { for (rows...) { ...; yield; } return result; }
//   const r = await drain(work());   // or drainSync(work())
import { performance } from 'node:perf_hooks';

/** Longest stretch without yielding (ms): well under the 20 ms a service notices. */
export const SLICE_MS = 5;

/** About how many array elements one block between yields should touch (~0.1–1 ms of simple arithmetic). */
export const BLOCK_ELEMENTS = 1 << 16;

/** Rows per block for rows of `width` elements (at least 1). */
export function blockRows(width: number): number {
  return Math.max(1, Math.floor(BLOCK_ELEMENTS / Math.max(1, width)));
}

/** Runs the steps to the end without yielding; returns the generator's result. */
export function drainSync<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Runs the steps, yielding to the event loop (setImmediate) whenever SLICE_MS have passed. */
export async function drain<T>(steps: Generator<void, T>): Promise<T> {
  let start = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - start >= SLICE_MS) {
      await yieldToEventLoop();
      start = performance.now();
    }
  }
}

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
