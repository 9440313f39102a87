// Distributed executor: the coordinator puts trial specs on a BullMQ queue in Redis and collects the results that
// `nnkit worker --redis <url>` processes (on any number of machines) return.
//
// - Job id = `<searchId>.<trial id>`. Adding a job whose id exists is a no-op in BullMQ, so a restarted coordinator
//   (same search id: the same options regenerate the same specs) re-attaches to the trials already queued, running
//   or finished, and reads finished results from Redis; nothing runs twice.
// - Results are collected by polling every unfinished job (bullmq-collector.ts): a job Redis has lost (a restart
//   without persistence) is added again, a result is checked against its own trial, and Redis unreachable for
//   `offlineMs` ends the stage with an Error instead of waiting forever.
// - A worker that dies mid-trial stops renewing its job lock; BullMQ's stalled-job check (in the live workers)
//   moves the job back to the wait list and another worker runs it. A job completes once: a result is the job's
//   return value, and the collector keys results by id.
// - Jobs are kept after completion (they are the search's record); `removeSearch` deletes them.
import { loadBullMQ, loadIORedis } from './optional-peers';
import type { Queue, QueueEvents } from 'bullmq';
import type { TrialResult, TrialSpec } from '../trial';
import { collectResults, lostRedis, within } from './bullmq-collector';
import type { Executor, ExecutorEvents } from './executor';

export const DEFAULT_QUEUE = 'nnkit-trials';

export interface BullMQExecutorOptions {
  /** redis://host:port of the Redis server the workers also use. */
  url: string;
  /** Namespaces the job ids of this search; the same id resumes it. Letters, digits, '-' and '_'. */
  searchId: string;
  queue?: string;
  /** How often the coordinator reads the state of every unfinished job (default 1000 ms). */
  pollMs?: number;
  /** Redis unreachable this long ends the stage with an Error (default 60000 ms). */
  offlineMs?: number;
  /** Called for each job Redis had lost, added again (e.g. after a restart without persistence). */
  onRequeue?: (spec: TrialSpec) => void;
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
  readonly url: string;
  private readonly queueName: string;
  private queue!: Queue;
  private events!: QueueEvents;
  private connected: Promise<void> | undefined;
  private readonly pollMs: number;
  readonly offlineMs: number;
  private readonly onRequeue?: (spec: TrialSpec) => void;

  constructor(opts: BullMQExecutorOptions) {
    this.url = checkRedisUrl(opts.url, 'BullMQExecutor: url');
    if (!/^[A-Za-z0-9_-]+$/.test(opts.searchId ?? '')) {
      throw new TypeError(
        `BullMQExecutor: searchId must be letters, digits, '-' or '_', got ${JSON.stringify(opts.searchId)}`,
      );
    }
    this.searchId = opts.searchId;
    this.queueName = opts.queue ?? DEFAULT_QUEUE;
    this.pollMs = opts.pollMs ?? 1000;
    this.offlineMs = opts.offlineMs ?? 60_000;
    this.onRequeue = opts.onRequeue;
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

  private jobOptions(spec: TrialSpec) {
    return { jobId: this.jobId(spec), attempts: 1, removeOnComplete: false, removeOnFail: false };
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
      const outcome = await within(this.offlineMs, this.enqueue(specs, onActive));
      if (outcome !== undefined) throw lostRedis(this, outcome, 'no trial of this stage could be queued');
      return await collectResults(this.queue, specs, events, {
        url: this.url,
        pollMs: this.pollMs,
        offlineMs: this.offlineMs,
        jobOptions: (spec) => this.jobOptions(spec),
        onRequeue: this.onRequeue,
      });
    } finally {
      this.events.off('active', onActive);
    }
  }

  /** Queues the specs (a no-op for ids already there) and reports those a previous coordinator saw start. */
  private async enqueue(specs: TrialSpec[], onActive: (e: { jobId: string }) => void): Promise<void> {
    const jobs = await this.queue.addBulk(
      specs.map((spec) => ({ name: 'trial', data: spec, opts: this.jobOptions(spec) })),
    );
    for (const job of jobs) if ((await job.getState()) === 'active') onActive({ jobId: job.id! });
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
    // A graceful close waits for Redis; when it is gone that is forever, so after 5 s the sockets are just closed.
    const closed = await within(
      5_000,
      Promise.all([this.events?.close(), this.queue?.close()]).then(() => {}),
    );
    if (closed !== undefined) for (const c of [this.events, this.queue]) void c?.disconnect().catch(() => {});
  }
}
