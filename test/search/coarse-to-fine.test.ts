// Coarse-to-fine: the second stage samples inside ranges narrowed around the first stage's top-k, computed here
// from the trials themselves; choices keep only what the top-k used; the edge warning fires at the edge.
import { describe, expect, it } from 'vitest';
import { edgeWarnings, narrowSpace } from '../../src/search/coarse-to-fine';
import { InProcessExecutor } from '../../src/search/executors/in-process';
import { rankResults, search, type SearchProgress } from '../../src/search/search';
import { choice, intRange, logUniform, uniform } from '../../src/search/spaces';
import type { TrialFunction } from '../../src/search/trial';

// Peak at lr = 1e-2, reg = 1e-4, act = 'relu' (accuracy 1 there).
const objective: TrialFunction = async (spec) => {
  const { lr, reg, act } = spec.config as { lr: number; reg: number; act: string };
  const acc = Math.exp(-(Math.log10(lr / 1e-2) ** 2) - 0.1 * Math.log10(reg / 1e-4) ** 2) * (act === 'relu' ? 1 : 0.8);
  return {
    id: spec.id,
    stage: spec.stage,
    config: spec.config,
    status: 'ok',
    valAccuracy: acc,
    epochs: spec.epochs,
    seconds: 0,
  };
};

describe('coarse-to-fine', () => {
  it('narrowSpace: [t_min − pad, t_max + pad] of the top-k in log position, clamped to the range', () => {
    const space = {
      lr: logUniform(1e-4, 1),
      m: uniform(0, 1),
      h: intRange(0, 100),
      act: choice(['relu', 'tanh', 'elu']),
    };
    const top = [
      { lr: 1e-3, m: 0.5, h: 10, act: 'elu' },
      { lr: 1e-2, m: 0.7, h: 30, act: 'relu' },
    ];
    const n = narrowSpace(space, top, { margin: 0.25, minPad: 0.05 });
    // lr positions 0.25 and 0.5 → pad 0.0625 → [10^(−4+4·0.1875), 10^(−4+4·0.5625)]
    expect(n.lr).toEqual({ kind: 'log', lo: expect.closeTo(10 ** -3.25, 12), hi: expect.closeTo(10 ** -1.75, 12) });
    expect(n.m).toEqual({ kind: 'uniform', lo: expect.closeTo(0.45, 12), hi: expect.closeTo(0.75, 12) });
    expect(n.h).toEqual({ kind: 'int', lo: 5, hi: 35 });
    expect(n.act).toEqual({ kind: 'choice', values: ['relu', 'elu'] });
    // One winner at the top of the range: minPad below it, clamped above.
    const edge = narrowSpace({ m: uniform(0, 1) }, [{ m: 1 }], { minPad: 0.05 });
    expect(edge.m).toEqual({ kind: 'uniform', lo: expect.closeTo(0.95, 12), hi: 1 });
  });

  it("stage 2 samples only inside the range spanned by stage 1's top-k (padded), and gets closer to the peak", async () => {
    const space = { lr: logUniform(1e-5, 1), reg: logUniform(1e-7, 1e-1), act: choice(['relu', 'tanh']) };
    const reports: SearchProgress[] = [];
    const res = await search({
      space,
      seed: 3,
      data: { kind: 'digits' },
      executor: new InProcessExecutor(objective),
      stages: [
        { trials: 30, epochs: 1 },
        { trials: 20, epochs: 3, topK: 4 },
      ],
      onProgress: (p) => reports.push(p),
    });
    expect(res.trials).toHaveLength(50);
    const stage1 = rankResults(res.trials.filter((t) => t.stage === 1));
    const stage2 = res.trials.filter((t) => t.stage === 2);
    expect(stage2.every((t) => t.epochs === 3)).toBe(true);
    const top = stage1.slice(0, 4).map((t) => Math.log10(t.config.lr as number));
    const span = Math.max(...top) - Math.min(...top);
    const pad = Math.max(0.25 * span, 0.05 * 5); // 5 decades in the stage-1 range
    for (const t of stage2) {
      const l = Math.log10(t.config.lr as number);
      expect(l).toBeGreaterThanOrEqual(Math.min(...top) - pad - 1e-9);
      expect(l).toBeLessThanOrEqual(Math.max(...top) + pad + 1e-9);
    }
    expect(res.stages[1].space.lr.kind).toBe('log');
    const width = (d: { lo: number; hi: number }) => Math.log10(d.hi) - Math.log10(d.lo);
    expect(width(res.stages[1].space.lr as { lo: number; hi: number })).toBeLessThan(
      width(space.lr as { lo: number; hi: number }),
    );
    // Narrower ranges, better trials: stage 2's median beats stage 1's.
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    expect(median(stage2.map((t) => t.valAccuracy!))).toBeGreaterThan(median(stage1.map((t) => t.valAccuracy!)));
    expect(res.best!.valAccuracy).toBe(Math.max(...res.trials.map((t) => t.valAccuracy!)));
    // Progress: the last report of each stage has everything done, nothing running.
    const last = reports.filter((p) => p.stage === 2).at(-1)!;
    expect(last).toMatchObject({ done: 20, total: 20, running: 0, aborted: 0 });
  });

  it('edgeWarnings names a best value at the edge of its range', () => {
    const space = { lr: logUniform(1e-4, 1), m: uniform(0, 1) };
    expect(edgeWarnings(space, { lr: 0.9, m: 0.5 })).toEqual([
      expect.stringMatching(/^best lr = 0\.900 is at the upper edge of \[1e-4, 1\]/),
    ]);
    expect(edgeWarnings(space, { lr: 1e-2, m: 0.5 })).toEqual([]);
  });

  it('a search is reproducible: same seed, same trials', async () => {
    const space = { lr: logUniform(1e-5, 1), reg: logUniform(1e-7, 1e-1), act: choice(['relu', 'tanh']) };
    const run = () =>
      search({
        space,
        seed: 9,
        data: { kind: 'digits' },
        executor: new InProcessExecutor(objective),
        stages: [
          { trials: 8, epochs: 1 },
          { trials: 4, epochs: 2 },
        ],
      });
    const strip = (r: Awaited<ReturnType<typeof run>>) => r.trials.map(({ seconds: _s, ...t }) => t);
    expect(strip(await run())).toEqual(strip(await run()));
  });
});
