// Issue #21 item 7: a never-ending trial pinned its worker for good. A pool with a time limit fails the trial with
// the reason, stops its thread, and the next trial runs on a fresh one. Pool threads run the compiled copy.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkerPoolExecutor as Pool } from '../../src/search/executors/worker-pool';
import type { TrialSpec } from '../../src/search/trial';
import { compileCopy } from '../search/harness';

describe('trial time limit', () => {
  let WorkerPoolExecutor: typeof Pool;
  beforeAll(() => {
    const pkg = compileCopy();
    WorkerPoolExecutor = createRequire(__filename)(
      path.join(pkg, 'dist', 'search', 'executors', 'worker-pool.js'),
    ).WorkerPoolExecutor;
  }, 120_000);

  const spec = (id: string, costMs: number): TrialSpec => ({
    id,
    stage: 1,
    config: { lr: 0.05 },
    seed: 1,
    epochs: 100,
    data: { kind: 'synthetic', peak: { lr: 0.05 }, costMs },
  });

  it('a trial past the limit fails with the reason; the pool goes on with a fresh thread', async () => {
    const pool = new WorkerPoolExecutor({ size: 1, trialTimeoutMs: 1500 });
    try {
      const t0 = Date.now();
      const [slow, quick] = await pool.run([spec('slow', 1000), spec('quick', 1)]); // 100 s of CPU, then 0.1 s
      expect(Date.now() - t0).toBeLessThan(30_000);
      expect(slow.status).toBe('failed');
      expect(slow.reason).toMatch(/exceeded its time limit of 1.5 s/);
      expect(quick.status).toBe('ok');
    } finally {
      await pool.close();
    }
    expect(() => new WorkerPoolExecutor({ size: 1, trialTimeoutMs: 0 })).toThrow(RangeError);
  }, 60_000);
});
