// worker_threads pool executor (the embedded default): `size` threads (default: cores), each running one trial at
// a time through runTrial. Threads load the compiled dist/ (pool-thread.js next to this file).
//
// Native threads: the addon's thread pool is one per process, sized once from NNKIT_THREADS when first used, and a
// caller that finds it busy runs its work on its own thread. So with the process pool at 1 thread every trial runs
// on exactly its own thread; the constructor sets NNKIT_THREADS=1 when the user has not set it (effective when the
// addon has not been used in this process yet; otherwise busy threads still fall back to running serially).
// A thread that dies mid-trial (out of memory, a crash) yields a 'failed' result and is replaced.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { failedResult, type TrialResult, type TrialSpec } from '../trial';
import type { Executor, ExecutorEvents } from './executor';

export interface WorkerPoolOptions {
  /** Threads (default: os.availableParallelism()). */
  size?: number;
  /** Thread script (default: pool-thread.js beside this file, in dist/). */
  script?: string;
  /** A trial running longer fails with the reason and its thread is replaced (default: no limit). */
  trialTimeoutMs?: number;
}

interface Slot {
  worker: Worker;
  ready: Promise<{ backend: string; threads: number }>;
}

export class WorkerPoolExecutor implements Executor {
  readonly name = 'worker-pool';
  readonly concurrency: number;
  private readonly script: string;
  private readonly trialTimeoutMs?: number;
  private slots: Slot[] = [];
  /** What the threads report once started: backend name and native pool size per process. */
  backend: { name: string; threads: number } | undefined;

  constructor(opts: WorkerPoolOptions = {}) {
    const size = opts.size ?? availableParallelism();
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`WorkerPoolExecutor: size must be a whole number ≥ 1, got ${size}`);
    this.concurrency = size;
    if (opts.trialTimeoutMs !== undefined && !(opts.trialTimeoutMs > 0))
      throw new RangeError(`WorkerPoolExecutor: trialTimeoutMs must be > 0, got ${opts.trialTimeoutMs}`);
    this.trialTimeoutMs = opts.trialTimeoutMs;
    this.script = opts.script ?? path.join(__dirname, 'pool-thread.js');
    if (!existsSync(this.script)) {
      throw new Error(
        `WorkerPoolExecutor: thread script ${this.script} not found; worker threads run the compiled ` +
          'dist/ (run `npm run build:ts`), or use the in-process executor',
      );
    }
    if (process.env.NNKIT_THREADS === undefined) process.env.NNKIT_THREADS = '1';
  }

  private spawn(): Slot {
    const worker = new Worker(this.script);
    const ready = new Promise<{ backend: string; threads: number }>((resolve, reject) => {
      const onMessage = (m: { type: string; backend: string; threads: number }) => {
        if (m.type !== 'ready') return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        this.backend ??= { name: m.backend, threads: m.threads };
        resolve(m);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    ready.catch(() => {}); // reported when a trial is sent
    return { worker, ready };
  }

  async run(specs: TrialSpec[], events: ExecutorEvents = {}): Promise<TrialResult[]> {
    while (this.slots.length < Math.min(this.concurrency, specs.length)) this.slots.push(this.spawn());
    const results = new Array<TrialResult>(specs.length);
    let next = 0;
    const drive = async (s: number): Promise<void> => {
      while (next < specs.length) {
        const i = next++;
        events.onStart?.(specs[i].id);
        results[i] = await this.runOne(s, specs[i]);
        events.onResult?.(results[i]);
      }
    };
    await Promise.all(this.slots.map((_, s) => drive(s)));
    return results;
  }

  private async runOne(s: number, spec: TrialSpec): Promise<TrialResult> {
    const start = performance.now();
    const slot = this.slots[s];
    try {
      await slot.ready;
      return await new Promise<TrialResult>((resolve, reject) => {
        const onMessage = (m: { type: string; result: TrialResult }) => {
          if (m.type !== 'result' || m.result.id !== spec.id) return;
          cleanup();
          resolve(m.result);
        };
        const onError = (e: Error) => {
          cleanup();
          reject(e);
        };
        const onExit = (code: number) => {
          cleanup();
          reject(new Error(`worker thread exited with code ${code} during the trial`));
        };
        const ms = this.trialTimeoutMs;
        const timer =
          ms === undefined
            ? undefined
            : setTimeout(() => {
                cleanup();
                reject(new Error(`the trial exceeded its time limit of ${ms / 1000} s (its thread was stopped)`));
              }, ms);
        const cleanup = () => {
          clearTimeout(timer);
          slot.worker.off('message', onMessage);
          slot.worker.off('error', onError);
          slot.worker.off('exit', onExit);
        };
        slot.worker.on('message', onMessage);
        slot.worker.once('error', onError);
        slot.worker.once('exit', onExit);
        slot.worker.postMessage({ spec });
      });
    } catch (e) {
      void slot.worker.terminate();
      this.slots[s] = this.spawn();
      return failedResult(spec, (e as Error).message, (performance.now() - start) / 1000);
    }
  }

  async close(): Promise<void> {
    const slots = this.slots;
    this.slots = [];
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
