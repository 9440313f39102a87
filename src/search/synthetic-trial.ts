// The synthetic objective (DataRef kind 'synthetic'): accuracy = exp(−Σ_k ln²(config[k] / peak[k])), 1 at the
// peak, after burning `costMs` of CPU per epoch. For benchmarks of the executors and for their tests, where what
// matters is that work happens in the right place, exactly once — not what is learned.
import type { TrialResult, TrialSpec } from './trial';

export async function runSyntheticTrial(spec: TrialSpec, signal?: AbortSignal): Promise<TrialResult> {
  if (spec.data.kind !== 'synthetic')
    throw new TypeError(`synthetic trial: data.kind must be 'synthetic', got '${spec.data.kind}'`);
  const { peak, costMs = 0 } = spec.data;
  const start = performance.now();
  for (let e = 0; e < spec.epochs; e++) {
    if (signal?.aborted) throw new Error('synthetic trial: stopped');
    const until = performance.now() + costMs;
    while (performance.now() < until) {
      /* busy: a real epoch keeps a core busy too */
    }
    await new Promise((r) => setImmediate(r)); // let lock renewals and messages through between epochs
  }
  let sq = 0;
  for (const [name, p] of Object.entries(peak)) {
    const v = Number(spec.config[name]);
    if (!(v > 0) || !(p > 0))
      throw new RangeError(`synthetic trial: config.${name} and peak.${name} must be > 0, got ${v}, ${p}`);
    sq += Math.log(v / p) ** 2;
  }
  return {
    id: spec.id,
    stage: spec.stage,
    config: spec.config,
    status: 'ok',
    valAccuracy: Math.exp(-sq),
    epochs: spec.epochs,
    seconds: (performance.now() - start) / 1000,
  };
}
