// Distributed executor: the coordinator puts trial specs on a BullMQ queue in Redis and collects the results that
// `nnkit worker --redis <url>` processes (on any number of machines) return.
//
// - Job id = `<searchId>.<trial id>`. Adding a job whose id exists is a no-op in BullMQ, so a restarted coordinator
//   (same search id: the same options regenerate the same specs) re-attaches to the trials already queued, running
//   or finished, and reads finished results from Redis; nothing runs twice.
// - A worker that dies mid-trial stops renewing its job lock; BullMQ's stalled-job check (in the live workers)
//   moves the job back to the wait list and another worker runs it. A job completes once: a result is the job's
//   return value, and the collector keys results by id.
// - Jobs are kept after completion (they are the search's record); `removeSearch` deletes them.
import { loadBullMQ, loadIORedis } from './optional-peers';
import type { Job, Queue, QueueEvents } from 'bullmq';
import type { TrialResult, TrialSpec } from '../trial';
import type { Executor, ExecutorEvents } from './executor';

export const DEFAULT_QUEUE = 'nnkit-trials';

export interface BullMQExecutorOptions {
  /** redis://host:port of the Redis server the workers also use. */
  url: string;
  /** Namespaces the job ids of this search; the same id resumes it. Letters, digits, '-' and '_'. */
  searchId: string;
  queue?: string;
}

export function checkRedisUrl(url: unknown, where = '--redis'): string {
  if (typeof url !== 'string' || !/^rediss?:\/\/[^\s]+$/.test(url)) {
    throw new TypeError(`${where} must be a Redis URL like redis://127.0.0.1:6379, got ${JSON.stringify(url)}`);
  }
  return url;
}

/** One PING with no retries: a clear error in `timeoutMs` when Redis is not there, and no connection left behind
 *  (BullMQ's own connections retry forever, which is right for a running worker, not for a typo in --redis). */
export async function pingRedis(url: string, timeoutMs = 5_000): Promise<void> {
  const { Redis } = loadIORedis();
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let cause: Error | undefined; // the socket's error (ECONNREFUSED …) says more than the rejection ("Connection is closed")
  client.on('error', (e: Error) => {
    cause ??= e;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    throw new Error(
      `cannot reach Redis at ${url} (${(cause ?? (e as Error)).message}): is redis-server running there?`,
    );
  } finally {
    client.disconnect();
  }
}

export class BullMQExecutor implements Executor {
  readonly name = 'bullmq';
  /** Unknown in advance: as many trials run at once as workers are attached. */
  readonly concurrency = Infinity;
  readonly searchId: string;
  private readonly url: string;
  private readonly queueName: string;
  private queue!: Queue;
  private events!: QueueEvents;
  private connected: Promise<void> | undefined;

  constructor(opts: BullMQExecutorOptions) {
    this.url = checkRedisUrl(opts.url, 'BullMQExecutor: url');
    if (!/^[A-Za-z0-9_-]+$/.test(opts.searchId ?? '')) {
      throw new TypeError(
        `BullMQExecutor: searchId must be letters, digits, '-' or '_', got ${JSON.stringify(opts.searchId)}`,
      );
    }
    this.searchId = opts.searchId;
    this.queueName = opts.queue ?? DEFAULT_QUEUE;
  }

  /** Checks that Redis answers (a clear error otherwise), then opens the queue and its event stream. */
  connect(): Promise<void> {
    this.connected ??= (async () => {
      await pingRedis(this.url);
      const { Queue, QueueEvents } = loadBullMQ();
      this.queue = new Queue(this.queueName, { connection: { url: this.url } });
      this.events = new QueueEvents(this.queueName, { connection: { url: this.url } });
      // Every trial in flight waits on these emitters (waitUntilFinished); more than 10 at once is normal here, not
      // the leak Node's MaxListenersExceededWarning is about.
      this.queue.setMaxListeners(0);
      this.events.setMaxListeners(0);
      await Promise.all([this.queue.waitUntilReady(), this.events.waitUntilReady()]);
    })();
    return this.connected;
  }

  jobId(spec: TrialSpec): string {
    return `${this.searchId}.${spec.id}`;
  }

  /** How many worker processes are attached to the queue now. */
  async workerCount(): Promise<number> {
    await this.connect();
    return (await this.queue.getWorkers()).length;
  }

  async run(specs: TrialSpec[], events: ExecutorEvents = {}): Promise<TrialResult[]> {
    await this.connect();
    const ids = new Map(specs.map((s) => [this.jobId(s), s]));
    const onActive = ({ jobId }: { jobId: string }) => {
      const spec = ids.get(jobId);
      if (spec) events.onStart?.(spec.id);
    };
    this.events.on('active', onActive);
    try {
      const jobs = await this.queue.addBulk(
        specs.map((spec) => ({
          name: 'trial',
          data: spec,
          opts: { jobId: this.jobId(spec), attempts: 1, removeOnComplete: false, removeOnFail: false },
        })),
      );
      // Trials a previous coordinator saw start are running now: report them as such.
      for (const job of jobs) if ((await job.getState()) === 'active') onActive({ jobId: job.id! });
      return await Promise.all(jobs.map((job, i) => this.collect(job, specs[i], events)));
    } finally {
      this.events.off('active', onActive);
    }
  }

  private async collect(job: Job, spec: TrialSpec, events: ExecutorEvents): Promise<TrialResult> {
    let result: TrialResult;
    try {
      result = (await job.waitUntilFinished(this.events)) as TrialResult;
    } catch (e) {
      result = {
        id: spec.id,
        stage: spec.stage,
        config: spec.config,
        status: 'failed',
        valAccuracy: null,
        epochs: 0,
        seconds: 0,
        reason: `job ${job.id} failed: ${(e as Error).message}`,
      };
    }
    events.onResult?.(result);
    return result;
  }

  /** Deletes every job of this search from Redis. */
  async removeSearch(): Promise<number> {
    await this.connect();
    let removed = 0;
    for (const state of ['completed', 'failed', 'wait', 'delayed', 'prioritized'] as const) {
      for (const job of await this.queue.getJobs([state])) {
        if (job?.id?.startsWith(`${this.searchId}.`))
          removed += await job.remove().then(
            () => 1,
            () => 0,
          );
      }
    }
    return removed;
  }

  async close(): Promise<void> {
    if (!this.connected) return;
    await this.connected.catch(() => {});
    await Promise.all([this.events?.close(), this.queue?.close()]);
  }
}
