// Issue #21 items 3 and 6 against a real redis-server and a real `nnkit worker` (the harness of
// test/search/bullmq.test.ts). Redis restarted without persistence in the middle of a search used to hang the
// coordinator forever (its jobs and finished results were gone; no event ever came). Now the coordinator polls
// its jobs, adds lost ones again and finishes; with Redis gone for good it stops with an error after `offlineMs`.
// A result planted under a trial's job id (a "best" from outside the search space) is refused.
// Jobs BullMQ cannot even read (a data, options or progress field that is not JSON — anyone who can write to Redis
// can plant one) made BullMQ's worker throw a SyntaxError while taking them: such a job stayed active with nobody
// running it, went back to the queue when its lock expired and was taken, and logged (quoting it), by the next
// worker, for ever. Now the worker that meets it moves it to failed, once, naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BullMQExecutor } from '../../src/search/executors/bullmq';
import { redactReason } from '../../src/search/executors/job-guard';
import { search, type SearchOptions } from '../../src/search/search';
import { logUniform } from '../../src/search/spaces';
import {
  compileCopy,
  REDIS_SERVER,
  startTrialWorker,
  startRedis,
  stopProcess,
  type Child,
  type Redis,
} from '../search/harness';

describe.skipIf(!REDIS_SERVER)('a distributed search when Redis restarts', () => {
  let pkg: string;
  let redis: Redis;
  let port: number;
  const workers: Child[] = [];

  beforeAll(async () => {
    pkg = compileCopy();
    redis = await startRedis();
    port = Number(new URL(redis.url).port);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => stopProcess(w.proc, 'SIGKILL')));
    await redis?.stop();
  });

  const startWorker = () => startTrialWorker(pkg, redis.url, workers);

  const options = (executor: SearchOptions['executor'], trials = 6): SearchOptions => ({
    space: { lr: logUniform(1e-3, 1), reg: logUniform(1e-5, 1e-1) },
    seed: 3,
    trials,
    epochs: 4,
    executor,
    data: { kind: 'synthetic', peak: { lr: 0.03, reg: 1e-3 }, costMs: 150 },
  });

  it('redis-server restarted (no persistence) mid-search: the search finishes, lost jobs run again', async () => {
    const worker = await startWorker();
    const requeued: string[] = [];
    const executor = new BullMQExecutor({
      url: redis.url,
      searchId: 'restart',
      pollMs: 200,
      offlineMs: 30_000,
      onRequeue: (s) => requeued.push(s.id),
    });
    const running = search(options(executor));
    await worker.waitFor(/: done s1-\d+ /, 30_000);
    await redis.stop(); // all keys gone: queued, running and finished jobs
    await new Promise((r) => setTimeout(r, 1000));
    redis = await startRedis(port);
    const res = await running;
    await executor.close();
    expect(res.trials.map((t) => t.id).sort()).toEqual(['s1-0', 's1-1', 's1-2', 's1-3', 's1-4', 's1-5']);
    expect(res.trials.every((t) => t.status === 'ok')).toBe(true);
    expect(requeued.length).toBeGreaterThan(0);
  }, 120_000);

  it('Redis gone for good: the search ends with an error naming it, instead of waiting forever', async () => {
    const executor = new BullMQExecutor({ url: redis.url, searchId: 'gone', pollMs: 200, offlineMs: 3000 });
    const running = search(options(executor, 40));
    await new Promise((r) => setTimeout(r, 1500));
    await redis.stop();
    await expect(running).rejects.toThrow(/lost Redis at redis:\/\/127\.0\.0\.1:\d+ for 3 s.*Rerun the same command/);
    await executor.close(); // returns although Redis is gone
    redis = await startRedis(port);
  }, 60_000);

  it('a result planted under a trial job id, with a configuration outside the search, is refused', async () => {
    for (const w of workers) await stopProcess(w.proc, 'SIGKILL'); // nobody runs the trials: only the plant answers
    const executor = new BullMQExecutor({ url: redis.url, searchId: 'planted', pollMs: 100, offlineMs: 10_000 });
    const spec = { id: 's1-0', stage: 1, config: { lr: 0.05 }, seed: 1, epochs: 2, data: { kind: 'digits' as const } };
    // what a planted job looks like to BullMQ: the job's hash with a return value, its id in the completed set
    const { Redis: Client } = await import('ioredis');
    const client = new Client(redis.url);
    const key = `bull:nnkit-trials:${executor.jobId(spec)}`;
    const planted = { ...spec, config: { lr: 1e-7 }, status: 'ok', valAccuracy: 1, epochs: 2, seconds: 1 };
    await client.hset(key, {
      name: 'trial',
      data: JSON.stringify(spec),
      opts: '{}',
      timestamp: Date.now(),
      returnvalue: JSON.stringify(planted),
      finishedOn: Date.now(),
    });
    await client.zadd('bull:nnkit-trials:completed', Date.now(), executor.jobId(spec));
    client.disconnect();
    const [result] = await executor.run([spec]);
    await executor.close();
    expect(result.status).toBe('failed');
    expect(result.valAccuracy).toBeNull();
    expect(result.reason).toMatch(
      /is not this trial's: its configuration \{"lr":1e-7\} is not the trial's \{"lr":0.05\}/,
    );
  }, 60_000);
});

describe.skipIf(!REDIS_SERVER)('nnkit worker: signals, and what it accepts from Redis', () => {
  let pkg: string;
  let redis: Redis;
  const workers: Child[] = [];
  beforeAll(async () => {
    pkg = compileCopy();
    redis = await startRedis();
  }, 120_000);
  afterAll(async () => {
    await Promise.all(workers.map((w) => stopProcess(w.proc, 'SIGKILL')));
    await redis?.stop();
  });

  it('a second SIGTERM abandons the running trial at once; another worker finishes it (issue #21 item 7)', async () => {
    const a = await startTrialWorker(pkg, redis.url, workers);
    const executor = new BullMQExecutor({ url: redis.url, searchId: 'signals', pollMs: 200 });
    const running = search({
      space: { lr: logUniform(1e-3, 1) },
      seed: 1,
      trials: 1,
      epochs: 10,
      executor,
      data: { kind: 'synthetic', peak: { lr: 0.03 }, costMs: 1500 }, // 15 s of CPU: far longer than the test waits
    });
    await a.waitFor(/: start s1-0/);
    const exited = new Promise<number | null>((resolve) => a.proc.once('exit', (code) => resolve(code)));
    a.proc.kill('SIGTERM');
    await a.waitFor(/SIGTERM: finishing running trials/);
    const t0 = Date.now();
    a.proc.kill('SIGTERM');
    expect(await exited).toBe(130);
    expect(Date.now() - t0).toBeLessThan(5_000); // not the 15 s the trial would take
    const b = await startTrialWorker(pkg, redis.url, workers);
    const res = await running;
    await executor.close();
    expect(res.trials[0].status).toBe('ok');
    expect(b.lines.some((l) => /: done s1-0 ok/.test(l))).toBe(true);
  }, 120_000);

  it("a job naming a file outside the worker's data root, or no trial spec at all, fails once with the reason", async () => {
    for (const w of workers) await stopProcess(w.proc, 'SIGKILL'); // an earlier test's worker would take the junk
    const root = mkdtempSync(path.join(os.tmpdir(), 'nnkit-root-'));
    const w = await startTrialWorker(pkg, redis.url, workers, ['--data-root', root]);
    const executor = new BullMQExecutor({ url: redis.url, searchId: 'guard', pollMs: 200 });
    const outside = { id: 's1-0', stage: 1, config: { lr: 0.1 }, seed: 1, epochs: 1 };
    const [r] = await executor.run([{ ...outside, data: { kind: 'csv', path: '/etc/passwd' } }]);
    expect(r.status).toBe('failed');
    expect(r.reason).toMatch(/outside this worker's data root/);
    const { Queue } = await import('bullmq');
    const queue = new Queue('nnkit-trials', { connection: { url: redis.url } });
    const junk = await queue.add('trial', { hello: 'world' } as never, { jobId: 'junk-1', attempts: 3 });
    await w.waitFor(/refused job junk-1: the job is not a trial spec/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await junk.getState()).toBe('failed'); // not left active, not retried
    expect(w.lines.filter((l) => l.includes('junk-1')).length).toBe(1);
    await Promise.all([queue.close(), executor.close()]);
  }, 60_000);

  it('a job whose data, options or progress in Redis is not JSON: failed once, naming the field; no other worker sees it', async () => {
    for (const w of workers) await stopProcess(w.proc, 'SIGKILL'); // the lines counted below are a's and b's
    const a = await startTrialWorker(pkg, redis.url, workers);
    const { Queue } = await import('bullmq');
    const { Redis: Client } = await import('ioredis');
    const queue = new Queue('nnkit-trials', { connection: { url: redis.url } });
    const client = new Client(redis.url);
    // A valid trial first, running while the others become takeable, so BullMQ takes the first spoiled job as the
    // "next job" of finishing it; the spoiled ones are delayed, so their hash is spoiled before anyone can take them.
    const valid = { id: 's1-0', stage: 1, config: { lr: 0.05 }, seed: 1, epochs: 1 };
    await queue.add('trial', { ...valid, data: { kind: 'synthetic', peak: { lr: 0.03 }, costMs: 2500 } } as never, {
      jobId: 'valid-1',
    });
    await a.waitFor(/start s1-0/);
    const spoiled: Record<string, Record<string, string>> = {
      'bad-data': { data: 'this is not JSON {' },
      'bad-opts': { opts: '{"attempts": 3' },
      'bad-progress': { progress: 'NaN%' },
    };
    for (const [id, fields] of Object.entries(spoiled)) {
      await queue.add('trial', { hello: id } as never, { jobId: id, delay: 1500, attempts: 3 });
      await client.hset(`bull:nnkit-trials:${id}`, fields);
    }
    for (const id of Object.keys(spoiled)) await a.waitFor(new RegExp(`refused job ${id}: `), 20_000);
    await a.waitFor(/done s1-0 ok/, 20_000);
    const b = await startTrialWorker(pkg, redis.url, workers);
    await new Promise((resolve) => setTimeout(resolve, 4000)); // > lock (1.5 s) + 2 stalled checks (0.5 s)
    for (const [id, fields] of Object.entries(spoiled)) {
      expect(await queue.getJobState(id)).toBe('failed');
      const field = Object.keys(fields)[0];
      expect(await client.hget(`bull:nnkit-trials:${id}`, 'failedReason')).toBe(
        `the job's ${field} field is not JSON; it was not run`,
      );
      expect([...a.lines, ...b.lines].filter((l) => l.includes(id)).length).toBe(1);
    }
    expect(await client.lrange(`bull:nnkit-trials:active`, 0, -1)).toEqual([]);
    expect([...a.lines, ...b.lines].filter((l) => /error|not valid JSON/.test(l))).toEqual([]);
    expect(await queue.getJobState('valid-1')).toBe('completed');
    client.disconnect();
    await queue.close();
  }, 90_000);

  it('the coordinator fails a trial whose job in Redis is unreadable, instead of stopping as if Redis were lost', async () => {
    for (const w of workers) await stopProcess(w.proc, 'SIGKILL'); // only the planted job answers
    const executor = new BullMQExecutor({ url: redis.url, searchId: 'unreadable', pollMs: 100, offlineMs: 10_000 });
    const spec = { id: 's1-0', stage: 1, config: { lr: 0.05 }, seed: 1, epochs: 2, data: { kind: 'digits' as const } };
    const { Redis: Client } = await import('ioredis');
    const client = new Client(redis.url);
    await client.hset(`bull:nnkit-trials:${executor.jobId(spec)}`, {
      name: 'trial',
      data: '{"id": "s1-0", oops',
      opts: '{}',
      timestamp: Date.now(),
      finishedOn: Date.now(),
    });
    await client.zadd(`bull:nnkit-trials:completed`, Date.now(), executor.jobId(spec));
    client.disconnect();
    const [result] = await executor.run([spec]);
    await executor.close();
    expect(result.status).toBe('failed');
    expect(result.reason).toBe(
      `job ${executor.jobId(spec)} in Redis is unreadable (a field is not JSON): not a result`,
    );
  }, 60_000);

  it('a configuration too big to build fails once on the worker that takes it; the worker lives on (item 4)', async () => {
    for (const w of workers) await stopProcess(w.proc, 'SIGKILL');
    const w = await startTrialWorker(pkg, redis.url, workers);
    const executor = new BullMQExecutor({ url: redis.url, searchId: 'too-big', pollMs: 200 });
    const spec = { id: 's1-0', stage: 1, config: { hidden: 64, depth: 10_000_000 }, seed: 1, epochs: 1 };
    const [r] = await executor.run([{ ...spec, data: { kind: 'digits' } }]);
    await executor.close();
    expect(r.status).toBe('failed');
    expect(r.reason).toMatch(/10000000 hidden layers exceed the limit of 1000/);
    expect(w.lines.filter((l) => /: start s1-0/.test(l)).length).toBe(1); // run once, not retried
    expect(w.proc.exitCode).toBeNull();
    expect(w.proc.signalCode).toBeNull();
  }, 60_000);

  it('failure reasons written to Redis quote no data', () => {
    expect(redactReason('data.csv:3: column 1 is "admin", expected a number')).toBe(
      'data.csv:3: column 1 is "…", expected a number',
    );
  });
});
