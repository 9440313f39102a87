// Issue #21 item 4: sizes are bounded before allocating. new Dense(2**31, 1) allocated 16 GiB unchecked; a search
// configuration {"hidden": 64, "depth": 1e7} killed every worker that took it; {"hidden": 1e8} grew memory until
// the process was killed. Now each is a RangeError naming the limit, and a trial with such a config is 'failed'.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { Dense } from '../../src/nn';
import { parameterLimit, setParameterLimit } from '../../src/nn/size-limit';
import { runTrial } from '../../src/search/run-trial';
import { settle, type TrialSpec } from '../../src/search/trial';
import { describeEachBackend } from '../helpers/backends';

const spec = (config: TrialSpec['config']): TrialSpec => ({
  id: 't',
  stage: 1,
  config,
  seed: 1,
  epochs: 1,
  data: { kind: 'digits' },
});

describeEachBackend('size limits', (b) => {
  let saved: number;
  beforeEach(() => {
    setBackend(b.name);
    saved = parameterLimit();
  });
  afterEach(() => {
    setParameterLimit(saved);
  });

  it('new Dense(2**31, 1) is refused before allocating, naming the limit', () => {
    const rss = process.memoryUsage().rss;
    expect(() => new Dense(2 ** 31, 1)).toThrow(
      /weight \[1, 2147483648\]: 2147483648 parameter values exceed the limit of 268435456 .*NNKIT_MAX_PARAMETERS/,
    );
    expect(process.memoryUsage().rss - rss).toBeLessThan(64 * 2 ** 20);
  });

  it('the limit is configurable', () => {
    setParameterLimit(1000);
    expect(() => new Dense(100, 100)).toThrow(/10000 parameter values exceed the limit of 1000/);
    setParameterLimit(20000);
    expect(new Dense(100, 100).parameters()[0].value.length).toBe(10000);
    expect(() => setParameterLimit(0)).toThrow(RangeError);
  });

  it('search configurations too big to build fail as trials, with the reason, without allocating', async () => {
    const trial = settle(runTrial);
    const rss = process.memoryUsage().rss;
    const deep = await trial(spec({ hidden: 64, depth: 10_000_000 }));
    expect(deep.status).toBe('failed');
    expect(deep.reason).toMatch(/10000000 hidden layers exceed the limit of 1000/);
    const wide = await trial(spec({ hidden: 100_000_000 }));
    expect(wide.status).toBe('failed');
    expect(wide.reason).toMatch(/MLP 64-100000000-10: \d+ parameter values exceed the limit/);
    expect(process.memoryUsage().rss - rss).toBeLessThan(512 * 2 ** 20);
  });
});
