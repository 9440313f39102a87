// The probe judges a fused BatchNorm + ReLU (the recipes' BatchNorm(h, { relu: true })) as a ReLU activation, like
// BatchNorm followed by a ReLU layer: the dead-ReLU check and the report's histograms see the recipes' networks.
import { beforeAll, expect, it } from 'vitest';
import { activationFindings } from '../../src/babysit/activation-stats';
import { probeActivations } from '../../src/babysit/probe';
import { setBackend } from '../../src/backend';
import { Model } from '../../src/model';
import { BatchNorm, Dense, ReLU } from '../../src/nn';
import { Tensor } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import { uniform } from '../helpers/random';

describeEachBackend('probeActivations on BatchNorm + ReLU', (b) => {
  beforeAll(() => setBackend(b.name));
  const x = Tensor.from(uniform(16 * 5, 1), [16, 5]);

  // β = −100 puts every normalized value (|x̂| ≤ √N) far below zero: every unit outputs 0 for every sample.
  function bn(relu: boolean, beta: number): BatchNorm {
    const layer = new BatchNorm(3, relu ? { relu: true } : {});
    layer
      .parameters()
      .find((p) => p.name === 'beta')!
      .value.fill(beta);
    return layer;
  }

  it('reports the fused layer as a ReLU, dead units included', () => {
    const stats = probeActivations(new Model([new Dense(5, 3, { seed: 1 }), bn(true, -100), new Dense(3, 2)]), x);
    expect(stats.map((s) => [s.kind, s.deadFraction])).toEqual([['relu', 1]]);
    expect(activationFindings(stats).map((f) => f.id)).toContain('dead-relu');
  });

  it('gives the fused layer the statistics of BatchNorm followed by ReLU', () => {
    const fused = probeActivations(new Model([new Dense(5, 3, { seed: 1 }), bn(true, 0.1)]), x);
    const split = probeActivations(new Model([new Dense(5, 3, { seed: 1 }), bn(false, 0.1), new ReLU()]), x);
    expect(fused).toHaveLength(1);
    expect(fused[0].deadFraction).toBe(split[0].deadFraction);
    expect(fused[0].mean).toBeCloseTo(split[0].mean, 6);
    expect(fused[0].std).toBeCloseTo(split[0].std, 6);
  });

  it('does not judge a plain BatchNorm as an activation', () => {
    expect(probeActivations(new Model([new Dense(5, 3, { seed: 1 }), bn(false, -100)]), x)).toEqual([]);
  });
});
