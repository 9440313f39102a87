// The notes' argument for random search (Bergstra & Bengio 2012, fig. 1): when one hyperparameter matters and
// another does not, n random trials try n values of the important one, a grid only √n. Checked over many seeds
// on a synthetic objective through the real search driver, against the distances computed here.
import { describe, expect, it } from 'vitest';
import { InProcessExecutor } from '../../src/search/executors/in-process';
import { search } from '../../src/search/search';
import { uniform } from '../../src/search/spaces';
import type { TrialFunction } from '../../src/search/trial';
import { rng } from '../helpers/random';

describe('random beats grid with one important hyperparameter', () => {
  it('over 200 seeds, random gets closer to the optimum of x (y is irrelevant)', async () => {
    const seeds = 200;
    const r = rng(42);
    let randomTotal = 0;
    let gridTotal = 0;
    let randomWins = 0;
    let ties = 0;
    for (let seed = 0; seed < seeds; seed++) {
      const peak = r(); // where the important parameter is best
      // Accuracy falls off with the distance of x from the peak; y changes nothing.
      const objective: TrialFunction = async (spec) => ({
        id: spec.id,
        stage: spec.stage,
        config: spec.config,
        status: 'ok',
        epochs: spec.epochs,
        seconds: 0,
        valAccuracy: 1 - Math.abs((spec.config.x as number) - peak),
      });
      const space = { x: uniform(0, 1), y: uniform(0, 1) };
      const run = (strategy: 'random' | 'grid') =>
        search({
          space,
          strategy,
          seed,
          trials: 16,
          epochs: 1,
          data: { kind: 'digits' },
          executor: new InProcessExecutor(objective),
        });
      const [rand, grid] = await Promise.all([run('random'), run('grid')]);
      expect(rand.trials).toHaveLength(16);
      expect(grid.trials).toHaveLength(16);
      expect(new Set(grid.trials.map((t) => t.config.x)).size).toBe(4); // the grid tried 4 values of x
      expect(new Set(rand.trials.map((t) => t.config.x)).size).toBe(16); // random tried 16
      const randDist = 1 - rand.best!.valAccuracy;
      const gridDist = 1 - grid.best!.valAccuracy;
      // The best reported is the best trial: the naive minimum over all trials.
      expect(randDist).toBeCloseTo(Math.min(...rand.trials.map((t) => Math.abs((t.config.x as number) - peak))), 12);
      randomTotal += randDist;
      gridTotal += gridDist;
      if (randDist < gridDist) randomWins++;
      if (randDist === gridDist) ties++;
    }
    // Expected distances: grid 1/16 = 0.0625 (4 levels); random ≈ 0.03 (16 uniform points).
    expect(gridTotal / seeds).toBeGreaterThan(0.05);
    expect(randomTotal / seeds).toBeLessThan(0.7 * (gridTotal / seeds));
    expect(randomWins).toBeGreaterThan(0.6 * (seeds - ties));
  });
});
