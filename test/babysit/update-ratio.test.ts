// Update/weight ratios against a naive formula written here. Pure functions on arrays: no backend involved.
import { describe, expect, it } from 'vitest';
import {
  gradUpdateRatio,
  median,
  sampleStride,
  sampleStrided,
  updateRatio,
  updateRatioFinding,
} from '../../src/babysit/update-ratio';
import { uniform } from '../helpers/random';

describe('updateRatio', () => {
  it('is ‖after − before‖ / ‖before‖', () => {
    const before = uniform(100, 1),
      delta = uniform(100, 2, -1e-3, 1e-3);
    const after = before.map((v, i) => v + delta[i]);
    let d = 0,
      w = 0;
    for (let i = 0; i < 100; i++) {
      d += (after[i] - before[i]) ** 2;
      w += before[i] ** 2;
    }
    expect(updateRatio(before, after)).toBeCloseTo(Math.sqrt(d / w), 12);
    expect(updateRatio(before, before)).toBe(0);
  });

  it('lr·‖grad‖/‖w‖ equals the ratio of a plain SGD step', () => {
    const w = uniform(50, 3),
      g = uniform(50, 4);
    const after = Float64Array.from(w, (v, i) => v - 0.01 * g[i]);
    expect(gradUpdateRatio(0.01, g, w)).toBeCloseTo(updateRatio(Float64Array.from(w), after), 9);
  });

  it('a strided sample of ≤ 16k values estimates the ratio of a large matrix within 2 %', () => {
    const before = uniform(784 * 512, 5),
      delta = uniform(784 * 512, 6, -1e-3, 1e-3);
    const after = before.map((v, i) => v + delta[i]);
    const stride = sampleStride(before.length),
      n = Math.ceil(before.length / stride);
    expect(n).toBeLessThanOrEqual(16384);
    const est = updateRatio(
      sampleStrided(before, stride, new Float32Array(n)),
      sampleStrided(after, stride, new Float32Array(n)),
    );
    expect(Math.abs(est / updateRatio(before, after) - 1)).toBeLessThan(0.02);
    expect(sampleStride(100)).toBe(1);
  });

  it('rejects arrays of different lengths, naming them', () => {
    expect(() => updateRatio(new Float32Array(2), new Float32Array(3))).toThrow(/before has 2 values, after has 3/);
  });
});

describe('updateRatioFinding', () => {
  it('is silent inside 1e-4..1e-2 and names the parameters outside', () => {
    expect(
      updateRatioFinding([
        { name: 'a', ratio: 1e-3 },
        { name: 'b', ratio: 5e-3 },
      ]),
    ).toBeNull();
    const f = updateRatioFinding(
      [
        { name: 'Dense.weight', ratio: 1e-7 },
        { name: 'b', ratio: 1e-3 },
      ],
      { lr: 1e-6 },
    )!;
    expect(f.id).toBe('update-ratio');
    expect(f.message).toMatch(/below 1e-4 \(Dense\.weight 1e-7\)/);
    expect(f.suggestion).toMatch(/raise the learning rate 1e-6/);
    expect(updateRatioFinding([{ name: 'w', ratio: 0.2 }])!.suggestion).toMatch(/^lower/);
    // once the loss has converged small updates are expected: only the high side is judged
    expect(updateRatioFinding([{ name: 'w', ratio: 1e-6 }], { converged: true })).toBeNull();
    expect(updateRatioFinding([{ name: 'w', ratio: 0.2 }], { converged: true })!.id).toBe('update-ratio');
  });

  it('median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
