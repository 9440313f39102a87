// The executor contract: run a batch of trial specs somewhere (this thread, a worker_threads pool, BullMQ workers
// on other machines) and hand back one result per spec. Specs and results are plain JSON.
import type { TrialResult, TrialSpec } from '../trial';

export interface ExecutorEvents {
  /** A trial began (where the executor can tell: in-process and the pool always, BullMQ when a worker takes it). */
  onStart?(id: string): void;
  /** A trial finished; called once per spec. */
  onResult?(result: TrialResult): void;
}

export interface Executor {
  readonly name: string;
  /** How many trials run at once. */
  readonly concurrency: number;
  /** Runs every spec; resolves with one result per spec, in the order of `specs`. */
  run(specs: TrialSpec[], events?: ExecutorEvents): Promise<TrialResult[]>;
  /** Releases threads and connections. */
  close(): Promise<void>;
}
