// In-process executor: trials one after another on this thread. The reference executor: no serialization, any
// TrialFunction (closures included), used by tests and when a pool would cost more than it gives.
import { settle, type TrialFunction, type TrialResult, type TrialSpec } from '../trial';
import type { Executor, ExecutorEvents } from './executor';

export class InProcessExecutor implements Executor {
  readonly name = 'in-process';
  readonly concurrency = 1;
  private readonly trial: TrialFunction;
  private readonly stop = new AbortController();

  constructor(trial: TrialFunction) {
    this.trial = settle(trial);
  }

  async run(specs: TrialSpec[], events: ExecutorEvents = {}): Promise<TrialResult[]> {
    const results: TrialResult[] = [];
    for (const spec of specs) {
      events.onStart?.(spec.id);
      const r = await this.trial(spec, this.stop.signal);
      events.onResult?.(r);
      results.push(r);
    }
    return results;
  }

  async close(): Promise<void> {
    this.stop.abort();
  }
}
