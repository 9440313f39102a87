// Collects a search's results from Redis by polling every job, so the coordinator notices what BullMQ's event
// stream cannot tell it. A Redis restarted without persistence has lost its keys: jobs queued, running and
// finished vanish and no event ever comes for them (the coordinator used to wait forever). Every `pollMs`:
//   completed → the job's return value, checked against its own trial (result-check.ts);
//   failed    → a 'failed' result with BullMQ's reason;
//   missing   → added again under the same id (it runs again: its earlier run, if any, was lost with the keys);
//   no answer from Redis within `offlineMs` → an Error saying how many trials finished and that rerunning the
//   same command resumes the search.
import type { Job, Queue } from 'bullmq';
import { loadBullMQ } from './optional-peers';
import { resultProblem } from '../result-check';
import { failedResult, type TrialResult, type TrialSpec } from '../trial';
import type { ExecutorEvents } from './executor';

export interface CollectOptions {
  pollMs: number;
  offlineMs: number;
  url: string;
  jobOptions: (spec: TrialSpec) => { jobId: string; [k: string]: unknown };
  /** Called with each job added again because Redis had lost it. */
  onRequeue?: (spec: TrialSpec) => void;
}

export async function collectResults(
  queue: Queue,
  specs: TrialSpec[],
  events: ExecutorEvents,
  o: CollectOptions,
): Promise<TrialResult[]> {
  const { Job } = loadBullMQ();
  const results = new Map<string, TrialResult>();
  const finish = (spec: TrialSpec, r: TrialResult) => {
    results.set(spec.id, r);
    events.onResult?.(r);
  };
  const pollOnce = async () => {
    for (const spec of specs.filter((s) => !results.has(s.id))) {
      const jobId = o.jobOptions(spec).jobId;
      const job = await readJob(() => Job.fromId(queue, jobId) as Promise<Job | undefined>);
      if (job === 'unreadable') {
        finish(spec, failedResult(spec, `job ${jobId} in Redis is unreadable (a field is not JSON): not a result`));
        continue;
      }
      if (!job) {
        await queue.add('trial', spec, o.jobOptions(spec));
        o.onRequeue?.(spec);
        continue;
      }
      const state = await job.getState();
      if (state !== 'completed' && state !== 'failed') continue;
      // The job was read before its state: a job that finished in between has no returnvalue/failedReason in that
      // copy, so read it again now that it is settled.
      const reread = await readJob(() => Job.fromId(queue, job.id!) as Promise<Job | undefined>);
      const settled = reread === 'unreadable' || reread === undefined ? job : reread;
      if (state === 'completed') finish(spec, checked(settled.returnvalue, spec, settled.id!));
      else finish(spec, failedResult(spec, `job ${settled.id} failed: ${settled.failedReason}`));
    }
  };
  let lastAnswer = Date.now();
  while (results.size < specs.length) {
    const outcome = await within(o.offlineMs, pollOnce()); // one round at a time: a hung round is not piled on
    if (outcome === undefined) lastAnswer = Date.now();
    else if (outcome === 'timeout' || Date.now() - lastAnswer >= o.offlineMs)
      throw lostRedis(o, outcome, `${results.size} of ${specs.length} trials of this stage had finished`);
    if (results.size < specs.length) await new Promise((r) => setTimeout(r, o.pollMs));
  }
  return specs.map((s) => results.get(s.id)!);
}

/** A job read from Redis, or 'unreadable' when a field of its hash is not JSON (someone who can write to Redis
 *  put it there: the search fails that trial instead of stopping on the SyntaxError as if Redis were lost). */
async function readJob(read: () => Promise<Job | undefined>): Promise<Job | undefined | 'unreadable'> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof SyntaxError) return 'unreadable';
    throw e;
  }
}

/** The Error that ends a stage when Redis stopped answering. */
export function lostRedis(o: { url: string; offlineMs: number }, outcome: Error | 'timeout', progress: string): Error {
  const why = outcome === 'timeout' ? 'no answer' : outcome.message;
  return new Error(
    `lost Redis at ${o.url} for ${Math.round(o.offlineMs / 1000)} s (${why}); ${progress}. Rerun the same ` +
      'command to resume the search (what Redis kept is reused, what it lost runs again).',
  );
}

/** undefined when `work` resolved within `ms`, its Error when it failed, 'timeout' when it had not settled. */
export async function within(ms: number, work: Promise<void>): Promise<undefined | Error | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([
      work.then(
        () => undefined,
        (e: unknown) => e as Error,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function checked(value: unknown, spec: TrialSpec, jobId: string): TrialResult {
  const problem = resultProblem(value, spec);
  return problem
    ? failedResult(spec, `the result stored for job ${jobId} is not this trial's: ${problem}`)
    : (value as TrialResult);
}
