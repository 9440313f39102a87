// The BullMQ executor against a real redis-server (started here on a free loopback port) and two real
// `nnkit worker` processes from a compiled copy: a worker SIGKILLed mid-trial loses no trial and counts none twice,
// and a restarted coordinator picks its search back up from Redis. Skips, saying why, without redis-server.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BullMQExecutor } from '../../src/search/executors/bullmq';
import { InProcessExecutor } from '../../src/search/executors/in-process';
import { search, type SearchOptions } from '../../src/search/search';
import { logUniform } from '../../src/search/spaces';
import { runSyntheticTrial } from '../../src/search/synthetic-trial';
import {
  compileCopy,
  REDIS_SERVER,
  startTrialWorker,
  startRedis,
  stopProcess,
  type Child,
  type Redis,
} from './harness';

if (!REDIS_SERVER)
  console.log('BullMQ executor tests skipped: redis-server is not installed (apt-get install redis-server)');

describe.skipIf(!REDIS_SERVER)('BullMQ executor on a real Redis', () => {
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

  const startWorker = () => startTrialWorker(pkg, redis.url, workers);
  const done = (w: Child, id: string) => w.lines.filter((l) => new RegExp(`: done ${id} `).test(l)).length;
  const started = (ws: Child[], prefix: string) =>
    ws.flatMap((w) => w.lines).filter((l) => l.includes(`(job ${prefix}.`)).length;

  const options = (executor: SearchOptions['executor']): SearchOptions => ({
    space: { lr: logUniform(1e-3, 1), reg: logUniform(1e-5, 1e-1) },
    seed: 5,
    trials: 8,
    epochs: 4,
    executor,
    data: { kind: 'synthetic', peak: { lr: 0.03, reg: 1e-3 }, costMs: 200 }, // 0.8 s of CPU per trial
  });

  it('two workers, one SIGKILLed mid-trial: every trial completes exactly once', async () => {
    const [a, b] = [await startWorker(), await startWorker()];
    const executor = new BullMQExecutor({ url: redis.url, searchId: 'kill' });
    expect(await executor.workerCount()).toBe(2);
    let reported = 0;
    const running = search({
      ...options(executor),
      onProgress: (p) => {
        if (p.last) reported++;
      },
    });
    const killedId = (await a.waitFor(/: start s1-\d+/)).match(/start (s1-\d+)/)![1];
    a.proc.kill('SIGKILL');
    const res = await running;
    await executor.close();

    const ids = res.trials.map((t) => t.id).sort();
    expect(ids).toEqual(['s1-0', 's1-1', 's1-2', 's1-3', 's1-4', 's1-5', 's1-6', 's1-7']);
    expect(reported).toBe(8); // one result per trial reached the coordinator
    expect(res.trials.every((t) => t.status === 'ok')).toBe(true);
    // The killed trial was finished by the other worker, and by nobody else.
    expect(done(a, killedId)).toBe(0);
    expect(done(b, killedId)).toBe(1);
    expect(res.trials.find((t) => t.id === killedId)!.worker).toMatch(new RegExp(`:${b.proc.pid}/`));
    // Every trial was finished exactly once across both workers.
    for (const id of ids) expect(done(a, id) + done(b, id)).toBe(1);
    // Trials are pure functions of (config, seed, data): the same numbers as in this process.
    const local = await search(options(new InProcessExecutor(runSyntheticTrial)));
    const byId = (r: typeof res) => Object.fromEntries(r.trials.map((t) => [t.id, [t.config, t.valAccuracy]]));
    expect(byId(res)).toEqual(byId(local));
  }, 90_000);

  it('a restarted coordinator picks its search back up from Redis: nothing runs twice', async () => {
    const alive = workers.filter((w) => w.proc.exitCode === null && w.proc.signalCode === null);
    if (alive.length < 2) alive.push(await startWorker());
    const first = new BullMQExecutor({ url: redis.url, searchId: 'resume' });
    const abandoned = search(options(first)).catch(() => undefined);
    await alive[0].waitFor(/: done s1-\d+ .*\(?/);
    await first.close(); // the coordinator goes away mid-search (its pending waits fail; the jobs stay in Redis)
    await abandoned;

    const second = new BullMQExecutor({ url: redis.url, searchId: 'resume' });
    const res = await search(options(second));
    await second.close();
    expect(res.trials.map((t) => t.id).sort()).toEqual([
      's1-0',
      's1-1',
      's1-2',
      's1-3',
      's1-4',
      's1-5',
      's1-6',
      's1-7',
    ]);
    expect(res.trials.every((t) => t.status === 'ok')).toBe(true);
    expect(started(alive, 'resume')).toBe(8); // each trial started once, though two coordinators asked for it
  }, 90_000);

  it('nnkit search --redis: real digits trials on the workers; the same command again answers from Redis', async () => {
    const alive = workers.filter((w) => w.proc.exitCode === null && w.proc.signalCode === null);
    const args = [
      path.join(pkg, 'bin', 'nnkit.js'),
      'search',
      '--redis',
      redis.url,
      '--data',
      'digits',
      '--trials',
      '4',
      '--epochs',
      '2',
      '--space',
      '{"lr":["log",0.01,0.3],"hidden":["int",8,32],"depth":1}',
      '--json',
    ];
    const runCli = () =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        // Not spawnSync: the workers are children of this process and their output must keep flowing meanwhile.
        const child = spawn(process.execPath, args, { cwd: pkg, env: { ...process.env, NNKIT_BACKEND: 'js' } });
        let stdout = '',
          stderr = '';
        child.stdout.on('data', (d: Buffer) => {
          stdout += d;
        });
        child.stderr.on('data', (d: Buffer) => {
          stderr += d;
        });
        child.on('exit', (status: number | null) => resolve({ status, stdout, stderr }));
      });
    const first = await runCli();
    expect(first.stderr).toMatch(
      /search search-[0-9a-f]{12} on redis:\/\/127\.0\.0\.1:\d+ \(rerun the same command to resume it\)/,
    );
    expect(first.status).toBe(0);
    const json = JSON.parse(first.stdout);
    expect(json.trials).toHaveLength(4);
    expect(
      json.trials.every((t: { status: string; valAccuracy: number }) => t.status === 'ok' && t.valAccuracy > 0.5),
    ).toBe(true);
    const id = first.stderr.match(/search (search-[0-9a-f]{12})/)![1];
    expect(started(alive, id)).toBe(4);
    const again = await runCli();
    expect(JSON.parse(again.stdout)).toEqual(json);
    expect(started(alive, id)).toBe(4); // answered from Redis: nothing ran again
  }, 90_000);
});
