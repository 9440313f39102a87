// The early-abort rule (babysit's shouldAbort: loss > 3 × initial loss, or not finite) as trials use it, and how
// the search books aborted and failed trials.
import { describe, expect, it } from 'vitest';
import { abortFinding, shouldAbort } from '../../src/babysit/abort';
import { InProcessExecutor } from '../../src/search/executors/in-process';
import { search, type SearchProgress } from '../../src/search/search';
import { uniform } from '../../src/search/spaces';
import type { TrialFunction } from '../../src/search/trial';

describe('early abort', () => {
  it('aborts above 3× the initial loss and on NaN/Infinity, not at or below 3×', () => {
    expect(shouldAbort(2.3, 2.3 * 3)).toBeNull();
    expect(shouldAbort(2.3, 1.0)).toBeNull();
    expect(shouldAbort(2.3, 6.91)).toBe('loss-explosion');
    expect(shouldAbort(2.3, NaN)).toBe('nan-loss');
    expect(shouldAbort(2.3, Infinity)).toBe('nan-loss');
  });

  it('aborted and failed trials are counted, ranked last, and never the best', async () => {
    // x < 0.3 diverges (aborted), x > 0.8 throws (failed), the rest score x.
    const trial: TrialFunction = async (spec) => {
      const x = spec.config.x as number;
      if (x > 0.8) throw new Error('out of memory (pretend)');
      const losses = x < 0.3 ? [2.3, 5, 7.5] : [2.3, 1.1, 0.6];
      for (let e = 0; e < losses.length; e++) {
        const abort = shouldAbort(losses[0], losses[e]);
        const reason = abort && abortFinding(abort, { initialLoss: losses[0], loss: losses[e], step: e }).message;
        if (reason)
          return {
            id: spec.id,
            stage: spec.stage,
            config: spec.config,
            status: 'aborted',
            valAccuracy: null,
            epochs: e,
            seconds: 0,
            reason,
          };
      }
      return {
        id: spec.id,
        stage: spec.stage,
        config: spec.config,
        status: 'ok',
        valAccuracy: x,
        epochs: losses.length,
        seconds: 0,
      };
    };
    let last: SearchProgress | undefined;
    const res = await search({
      space: { x: uniform(0, 1) },
      seed: 1,
      trials: 40,
      epochs: 3,
      data: { kind: 'digits' },
      executor: new InProcessExecutor(trial),
      onProgress: (p) => {
        last = p;
      },
    });
    const xs = res.trials.map((t) => t.config.x as number);
    const aborted = xs.filter((x) => x < 0.3).length;
    const failed = xs.filter((x) => x > 0.8).length;
    expect(aborted).toBeGreaterThan(0);
    expect(failed).toBeGreaterThan(0);
    expect(last).toMatchObject({ done: 40, aborted, failed, running: 0 });
    expect(
      res.trials
        .filter((t) => t.status === 'aborted')
        .every((t) => t.epochs === 2 && /loss rose from 2\.3.* the initial/.test(t.reason!)),
    ).toBe(true);
    expect(res.trials.filter((t) => t.status === 'failed').every((t) => t.reason === 'out of memory (pretend)')).toBe(
      true,
    );
    const ok = res.trials.filter((t) => t.status === 'ok');
    expect(res.trials.slice(0, ok.length)).toEqual(ok); // ok first
    expect(res.best!.valAccuracy).toBe(Math.max(...ok.map((t) => t.valAccuracy!)));
  });
});
