// Jobs BullMQ cannot read. Anyone who can write to Redis can plant a job whose data, options, progress or parent
// field is not JSON; BullMQ's worker then throws a SyntaxError while taking it, before any processor sees it, so
// the job stays active with nobody running it, returns to the queue when its lock expires and is taken (and the
// error logged) by the next worker, for ever. failUnreadableJobs moves every such active job to failed, once (a
// script that first removes it from the active list, so two workers cannot both move it), with the field named
// and no content quoted.
import type { Redis } from 'ioredis';
import { loadIORedis } from './optional-peers';

/** Job hash fields BullMQ parses as JSON when it takes a job (Job.fromJSON, its backend's rawToJobJson). */
const JSON_FIELDS = ['data', 'opts', 'progress', 'parent'] as const;

/** The first JSON field of a job's hash that does not parse, or undefined. */
export function unreadableField(hash: Record<string, string>): string | undefined {
  for (const field of JSON_FIELDS) {
    const text = hash[field];
    if (!text) continue; // absent or empty: BullMQ uses its default
    try {
      JSON.parse(text);
    } catch {
      return field;
    }
  }
  return undefined;
}

// KEYS: active list, failed set, job hash, job lock, events stream; ARGV: job id, now (ms), reason. BullMQ's key
// layout (<prefix>:<queue>:active, …); the 'failed' event is what BullMQ's QueueEvents listeners expect.
const MOVE_TO_FAILED = `
if redis.call('LREM', KEYS[1], 0, ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[3], 'failedReason', ARGV[3], 'finishedOn', ARGV[2])
redis.call('DEL', KEYS[4])
redis.call('XADD', KEYS[5], 'MAXLEN', '~', '10000', '*', 'event', 'failed', 'jobId', ARGV[1], 'failedReason', ARGV[3], 'prev', 'active')
return 1`;

/** Moves the active jobs of `queue` that BullMQ cannot read to failed; returns their ids with the reason. */
export async function failUnreadableJobs(
  client: Redis,
  queue: string,
  prefix = 'bull',
): Promise<{ id: string; reason: string }[]> {
  const key = (suffix: string) => `${prefix}:${queue}:${suffix}`;
  const moved: { id: string; reason: string }[] = [];
  for (const id of await client.lrange(key('active'), 0, -1)) {
    const field = unreadableField(await client.hgetall(key(id)));
    if (field === undefined) continue;
    const reason = `the job's ${field} field is not JSON; it was not run`;
    const keys = [key('active'), key('failed'), key(id), key(`${id}:lock`), key('events')];
    if ((await client.eval(MOVE_TO_FAILED, keys.length, ...keys, id, Date.now(), reason)) === 1)
      moved.push({ id, reason });
  }
  return moved;
}

export interface UnreadableJobSweeper {
  /** Runs failUnreadableJobs now (or once more after the running sweep), logging each job it moves. */
  sweep(): void;
  close(): Promise<void>;
}

/** A sweeper on its own connection to `url`, for a worker to call when BullMQ reports a SyntaxError. */
export function unreadableJobSweeper(url: string, queue: string, log: (line: string) => void): UnreadableJobSweeper {
  const { Redis } = loadIORedis();
  const client = new Redis(url, { maxRetriesPerRequest: null });
  client.on('error', () => {}); // the worker reports a lost connection; this client just reconnects
  let running: Promise<void> | undefined;
  let again = false;
  const run = async () => {
    do {
      again = false;
      for (const { id, reason } of await failUnreadableJobs(client, queue)) log(`refused job ${id}: ${reason}`);
    } while (again);
  };
  return {
    sweep() {
      if (running) {
        again = true;
        return;
      }
      running = run()
        .catch((e: Error) => log(`error while failing unreadable jobs: ${e.message}`))
        .finally(() => (running = undefined));
    },
    async close() {
      await running;
      client.disconnect();
    },
  };
}
