// Shared by the layer tests: seeded float64 inputs away from kinks, and a gradCheck assertion.
import { expect } from 'vitest';
import { gradCheck } from '../../src/gradcheck';
import type { GradCheckOptions } from '../../src/gradcheck';
import type { Layer } from '../../src/nn/layer';
import { Tensor } from '../../src/tensor';
import { rng } from '../helpers/random';

/** [N, D] float64 values uniform in ±scale, nudged at least `gap` away from 0 (the ReLU-family kink). */
export function input64(N: number, D: number, seed: number, scale = 2, gap = 1e-3): Tensor {
  const r = rng(seed);
  return Tensor.from(
    Array.from({ length: N * D }, () => {
      const v = (r() * 2 - 1) * scale;
      return Math.abs(v) < gap ? v + Math.sign(v || 1) * gap * 2 : v;
    }),
    [N, D],
    'float64',
  );
}

/** Seeded random shapes including N = 1 and D = 1. */
export function shapes(seed: number, count = 4, minN = 1): [number, number][] {
  const r = rng(seed);
  const out: [number, number][] = [
    [Math.max(1, minN), 1],
    [Math.max(1, minN), 5],
    [7, 1],
  ];
  for (let i = 0; i < count; i++) out.push([minN + Math.floor(r() * 9), 1 + Math.floor(r() * 12)]);
  return out;
}

export function expectGradOk(layer: Layer, x: Tensor, opts: GradCheckOptions = {}, tol = 1e-6): void {
  const r = gradCheck(layer, x, opts);
  expect(r.checked).toBeGreaterThan(0);
  expect(
    r.maxRelError,
    `${layer.describe()} on [${x.shape}]: worst at ${r.where}: analytic ${r.analytic}, numeric ${r.numeric}`,
  ).toBeLessThan(tol);
}
