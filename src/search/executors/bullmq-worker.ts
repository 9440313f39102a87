// A trial worker for distributed searches (`nnkit worker --redis <url>`): takes trial jobs from the BullMQ queue
// and runs each in a worker thread, so this process's event loop stays free to renew the job's lock while a long
// trial computes. If this process dies, the lock expires and BullMQ hands the job to another worker.
import { hostname } from 'node:os';
import type { Job } from 'bullmq';
import type { TrialFunction, TrialResult, TrialSpec } from '../trial';
import { checkRedisUrl, DEFAULT_QUEUE, pingRedis } from './bullmq';
import { loadBullMQ } from './optional-peers';
import type { Executor } from './executor';
import { jobProblem, redactReason } from './job-guard';
import { unreadableJobSweeper } from './unreadable-jobs';
import { WorkerPoolExecutor } from './worker-pool';

export interface BullMQWorkerOptions {
  url: string;
  queue?: string;
  /** Trials at once in this process (default 1). */
  concurrency?: number;
  /** Job lock in ms: a dead worker's trial is retried after at most about this long (BullMQ default 30000). */
  lockDuration?: number;
  /** How often this worker looks for stalled jobs, in ms (BullMQ default 30000). */
  stalledInterval?: number;
  /** A trial running longer fails (once, with the reason) and its thread is replaced (default: no limit). */
  trialTimeoutMs?: number;
  /** Jobs may name data files only under this directory (default: the working directory). */
  dataRoot?: string;
  /** Runs the trials; default: a worker_threads pool of `concurrency` threads. */
  executor?: Executor;
  /** One line per event ("start s1-03", "done s1-03 ok 0.9120 in 2.1 s"). */
  log?: (line: string) => void;
}

export interface RunningWorker {
  /** Waits for running trials, then disconnects. `force` abandons them (they are retried elsewhere). */
  close(force?: boolean): Promise<void>;
}

function positive(v: number | undefined, where: string): number | undefined {
  if (v !== undefined && (!Number.isInteger(v) || v < 1))
    throw new RangeError(`${where} must be a whole number ≥ 1, got ${v}`);
  return v;
}

export async function startBullMQWorker(opts: BullMQWorkerOptions): Promise<RunningWorker> {
  const connection = { url: checkRedisUrl(opts.url) };
  const concurrency = positive(opts.concurrency, '--concurrency') ?? 1;
  const lockDuration = positive(opts.lockDuration, '--lock-ms');
  const stalledInterval = positive(opts.stalledInterval, '--stalled-ms');
  const log = opts.log ?? (() => {});
  await pingRedis(connection.url); // a clear error now rather than retries forever
  const executor = opts.executor ?? new WorkerPoolExecutor({ size: concurrency, trialTimeoutMs: opts.trialTimeoutMs });
  const run: TrialFunction = async (spec) => (await executor.run([spec]))[0];
  const me = `${hostname()}:${process.pid}`;
  const { Worker, UnrecoverableError } = loadBullMQ();
  const dataRoot = opts.dataRoot ?? process.cwd();
  const queueName = opts.queue ?? DEFAULT_QUEUE;
  const unreadable = unreadableJobSweeper(connection.url, queueName, log);
  const worker = new Worker<TrialSpec, TrialResult>(
    queueName,
    async (job: Job<TrialSpec>) => {
      const problem = jobProblem(job.data, dataRoot);
      if (problem) {
        log(`refused job ${job.id}: ${problem}`);
        throw new UnrecoverableError(problem); // failed once, with the reason; never retried
      }
      log(`start ${job.data.id} (job ${job.id})`);
      const ran = await run(job.data);
      const result = ran.reason === undefined ? ran : { ...ran, reason: redactReason(ran.reason) };
      log(
        `done ${job.data.id} ${result.status}${result.valAccuracy === null ? '' : ' ' + result.valAccuracy.toFixed(4)} in ${result.seconds.toFixed(1)} s`,
      );
      return { ...result, worker: result.worker ?? me };
    },
    {
      connection,
      concurrency,
      maxStalledCount: 2,
      ...(lockDuration ? { lockDuration } : {}),
      ...(stalledInterval ? { stalledInterval } : {}),
    },
  );
  logErrorsOnce(worker, unreadable, log);
  unreadable.sweep(); // any left active by workers before this one
  await worker.waitUntilReady();
  log(`ready: queue ${queueName} on ${opts.url}, ${concurrency} trial(s) at once, ${executor.name}`);
  return {
    async close(force = false) {
      await worker.close(force);
      await Promise.all([executor.close(), unreadable.close()]);
    },
  };
}

// ioredis retries a lost connection forever: log each new kind of error once, not every retry. A SyntaxError is
// a job BullMQ could not read (its message quotes the job): the sweeper fails such jobs and logs them instead.
// When BullMQ read that job as the next one while finishing another, it then tries to fail the finished one
// too, which Redis refuses ("Missing lock for job <id>. moveToFinished"): the finished job's result stands.
function logErrorsOnce(
  worker: { on(event: 'error', listener: (e: Error) => void): unknown },
  unreadable: { sweep(): void },
  log: (line: string) => void,
): void {
  let lastError = '';
  let afterUnreadable = false;
  worker.on('error', (e) => {
    const consequence = afterUnreadable && /^Missing lock for job \S+\. moveToFinished$/.test(e.message);
    afterUnreadable = e instanceof SyntaxError;
    if (afterUnreadable) return unreadable.sweep();
    if (consequence) return;
    if (e.message !== lastError) log(`error ${e.message}`);
    lastError = e.message;
  });
}
