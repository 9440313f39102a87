// `nnkit worker --redis redis://host:port`: run trials of distributed searches until stopped (Ctrl-C / SIGTERM
// finish the running trials first; a second signal leaves them to be retried by other workers).
import { parseArgs } from 'node:util';
import { DEFAULT_QUEUE } from '../search/executors/bullmq';
import { startBullMQWorker } from '../search/executors/bullmq-worker';
import { UsageError } from './usage-error';
import { decimalNumber, wholeNumber } from './decimal';

export const WORKER_USAGE = `usage: nnkit worker --redis redis://host:port [--concurrency N] [--queue ${DEFAULT_QUEUE}]
                    [--lock-ms 30000] [--stalled-ms 30000] [--data-root <dir>]
                    [--trial-timeout <seconds>]
  --data-root      jobs may name CSV files only under this directory (default: the working directory)
  --trial-timeout  seconds a trial may run before it fails (its thread is stopped; default: no limit)`;

function int(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = wholeNumber(v, 1);
  if (n === undefined) throw new UsageError(`${flag} must be a whole number ≥ 1, got '${v}'`);
  return n;
}

function secondsToMs(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const s = decimalNumber(v);
  if (!(s > 0 && Number.isFinite(s)))
    throw new UsageError(`--trial-timeout must be a number of seconds > 0, got '${v}'`);
  return s * 1000;
}

export async function workerCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      redis: { type: 'string' },
      concurrency: { type: 'string' },
      queue: { type: 'string' },
      'lock-ms': { type: 'string' },
      'stalled-ms': { type: 'string' },
      'data-root': { type: 'string' },
      'trial-timeout': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(WORKER_USAGE + '\n');
    return 0;
  }
  if (!values.redis) throw new UsageError(`--redis is required\n${WORKER_USAGE}`);
  const log = (line: string) => process.stdout.write(`nnkit worker: ${line}\n`);
  const worker = await startBullMQWorker({
    url: values.redis,
    queue: values.queue,
    concurrency: int(values.concurrency, '--concurrency'),
    lockDuration: int(values['lock-ms'], '--lock-ms'),
    stalledInterval: int(values['stalled-ms'], '--stalled-ms'),
    dataRoot: values['data-root'],
    trialTimeoutMs: secondsToMs(values['trial-timeout']),
    log,
  });
  await new Promise<void>((resolve) => {
    let signals = 0;
    const stop = (sig: string) => {
      signals++;
      if (signals > 1) {
        // BullMQ's close(force) still waits for the first, graceful close: leave now instead. The running trials'
        // locks expire and BullMQ's stalled-job check gives them to another worker.
        log(`${sig}: abandoning running trials (they return to the queue when their lock expires)`);
        process.exit(130);
      }
      log(`${sig}: finishing running trials (again to abandon them)`);
      void worker.close().then(resolve, resolve);
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
  log('stopped');
  return 0;
}
