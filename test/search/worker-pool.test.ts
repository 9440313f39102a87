// The worker_threads pool executor, from a compiled copy (threads run JavaScript): trials spread over the threads
// and give the same results as in this thread; a thread that dies mid-trial yields a 'failed' result and is replaced.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InProcessExecutor } from '../../src/search/executors/in-process';
import type { WorkerPoolExecutor as Pool } from '../../src/search/executors/worker-pool';
import { search, type SearchOptions } from '../../src/search/search';
import { logUniform } from '../../src/search/spaces';
import { runSyntheticTrial } from '../../src/search/synthetic-trial';
import type { TrialSpec } from '../../src/search/trial';
import { compileCopy } from './harness';

describe('worker_threads pool executor', () => {
  let pkg: string;
  let WorkerPoolExecutor: typeof Pool;

  beforeAll(() => {
    pkg = compileCopy();
    WorkerPoolExecutor = createRequire(__filename)(
      path.join(pkg, 'dist', 'search', 'executors', 'worker-pool.js'),
    ).WorkerPoolExecutor;
  }, 120_000);

  const options = (executor: SearchOptions['executor']): SearchOptions => ({
    space: { lr: logUniform(1e-3, 1) },
    seed: 11,
    trials: 6,
    epochs: 2,
    executor,
    data: { kind: 'synthetic', peak: { lr: 0.05 }, costMs: 50 },
  });

  it('runs trials on 2 threads with the same results as in-process', async () => {
    const nativeThreads = Number(process.env.NNKIT_THREADS ?? 1); // the pool sets 1 unless the user chose
    const pool = new WorkerPoolExecutor({ size: 2 });
    try {
      const res = await search(options(pool));
      const local = await search(options(new InProcessExecutor(runSyntheticTrial)));
      const strip = (r: typeof res) => r.trials.map((t) => [t.id, t.config, t.status, t.valAccuracy]);
      expect(strip(res)).toEqual(strip(local));
      expect(new Set(res.trials.map((t) => t.worker)).size).toBe(2);
      if (pool.backend?.name === 'native') expect(pool.backend.threads).toBe(nativeThreads); // one native thread per trial
    } finally {
      await pool.close();
    }
  });

  it('a thread that exits mid-trial gives a failed result, and the pool goes on with a new thread', async () => {
    // A thread script that dies on trial "boom" and answers the others.
    const script = path.join(pkg, 'dying-thread.js');
    fs.writeFileSync(
      script,
      `const { parentPort } = require('node:worker_threads');
      parentPort.on('message', ({ spec }) => {
        if (spec.id === 'boom') process.exit(3);
        parentPort.postMessage({ type: 'result', result: { id: spec.id, stage: 1, config: spec.config, status: 'ok', valAccuracy: 0.5, epochs: 1, seconds: 0 } });
      });
      parentPort.postMessage({ type: 'ready', backend: 'js', threads: 1 });`,
    );
    const pool = new WorkerPoolExecutor({ size: 1, script });
    const spec = (id: string): TrialSpec => ({
      id,
      stage: 1,
      config: {},
      seed: 0,
      epochs: 1,
      data: { kind: 'digits' },
    });
    try {
      const results = await pool.run([spec('a'), spec('boom'), spec('c')]);
      expect(results.map((r) => r.status)).toEqual(['ok', 'failed', 'ok']);
      expect(results[1].reason).toMatch(/worker thread exited with code 3 during the trial/);
    } finally {
      await pool.close();
    }
  });

  it('bad size is a clear error', () => {
    expect(() => new WorkerPoolExecutor({ size: 0 })).toThrow(/size must be a whole number ≥ 1, got 0/);
  });
});
