// The timing protocol shared by the JS runners: warm up (warmupSteps, cut short after warmupSeconds, at least one
// step), then time steps until `seconds` have passed or `maxSteps` ran, never fewer than `minSteps`.
// samples/s = steps · batch / elapsed. torch_mlp.py implements the same protocol in Python.
'use strict';

async function measure(step, recipe, opts = {}) {
  const seconds = opts.seconds ?? recipe.seconds;
  const maxSteps = opts.maxSteps ?? recipe.maxSteps;
  let t0 = performance.now();
  for (let i = 0; i < recipe.warmupSteps; i++) {
    await step(i);
    if (performance.now() - t0 > recipe.warmupSeconds * 1000) break;
  }
  let steps = 0;
  t0 = performance.now();
  let elapsed = 0;
  while (steps < recipe.minSteps || (steps < maxSteps && elapsed < seconds * 1000)) {
    await step(steps);
    steps++;
    elapsed = performance.now() - t0;
  }
  return { steps, seconds: elapsed / 1000, samplesPerSec: (steps * recipe.batch) / (elapsed / 1000) };
}

/** Options common to every runner: --seconds S, --max-steps N, --threads T, --backend B (runner-specific). */
function parseRunnerArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const [key, inline] = flag.split('=');
    const value = inline ?? argv[++i];
    if (key === '--seconds') out.seconds = Number(value);
    else if (key === '--max-steps') out.maxSteps = Number(value);
    else if (key === '--threads') out.threads = Number(value);
    else if (key === '--backend') out.backend = value;
    else if (key === '--precision') out.precision = value;
    else throw new Error(`unknown option ${flag} (expected --seconds, --max-steps, --threads, --backend, --precision)`);
    if (key !== '--backend' && key !== '--precision' && !(Number(value) > 0))
      throw new Error(`${key} must be a number > 0, got ${value}`);
  }
  return out;
}

module.exports = { measure, parseRunnerArgs };
