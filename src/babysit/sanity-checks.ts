// `check(model, data)`: the lecture's sanity checks before training ("Babysitting the learning process", steps 3–4),
// run on copies of the user's model, never on the model itself:
//   init-loss       loss before training vs its expectation: ln C for softmax cross-entropy with small weights
//                   (each class gets p ≈ 1/C), ln 2 for binary cross-entropy
//   regularization  adding an L2 penalty (λ/2)·Σ‖W‖² raises the loss (weights exist and are not all zero)
//   gradcheck       centered finite differences on a float64 copy, a few samples (src/gradcheck.ts)
//   overfit-tiny    ~20 samples, no regularization: loss → ~0 and train accuracy → 100 % within a bounded number of
//                   full-batch steps; if a small model cannot memorize 20 samples, something is broken
//   activations     per layer mean, std, dead ReLUs, saturated tanh/sigmoid units, identical units at init
import type { Dataset } from '../data/dataset';
import { checkDataset, maxPlusOne } from '../data/dataset';
import { shuffledIndices } from '../data/split';
import { gradCheck } from '../gradcheck';
import { l2Penalty, type Loss } from '../losses';
import { Layer } from '../nn/layer';
import { MaxPool2d } from '../nn/max-pool2d';
import { Tensor } from '../tensor';
import { cloneLayer } from '../nn/registry';
import { SGD } from '../optim/sgd';
import { Rng } from '../random';
import type { ActivationStats, SymmetricWeights } from './activation-stats';
import { activationFindings } from './activation-stats';
import { finding, fmt, fmtRate, pct, type Finding } from './findings';
import { namedWeights, probeActivations, weightSymmetry } from './probe';
import { accuracy } from '../train/accuracy';
import { resolveLoss } from '../train/resolve-loss';
import { takeRows, trainStep } from './steps';

export interface CheckOptions {
  /** Loss name or object (default: softmax cross-entropy for class labels, mean squared error otherwise). */
  loss?: string | Loss;
  /** Seed of every sample choice (default 0). */
  seed?: number;
  /** Rows for the init-loss, regularization and activation probes (default 256). */
  probeRows?: number;
  /** λ of the L2 penalty in the regularization check (default 1e-2). */
  lambda?: number;
  /** Samples in the gradient check (default 4). */
  gradcheckSamples?: number;
  /** Largest acceptable relative error of the gradient check (default 1e-4). */
  gradcheckTolerance?: number;
  /** Samples to overfit (default 20). */
  tinySamples?: number;
  /** Step budget per learning rate of overfit-tiny (default 200). */
  tinySteps?: number;
  /** Learning rates overfit-tiny tries, in order, until one memorizes the samples (default [0.1, 0.03, 0.3]). */
  tinyRates?: number[];
}

export interface CheckResult {
  passed: boolean;
  [value: string]: unknown;
}

export interface CheckReport {
  checks: {
    'init-loss': CheckResult;
    regularization: CheckResult;
    gradcheck: CheckResult;
    'overfit-tiny': CheckResult;
    activations: CheckResult & { layers: ActivationStats[]; weights: SymmetricWeights[] };
  };
  findings: Finding[];
}

export async function check(model: Layer, data: Dataset, opts: CheckOptions = {}): Promise<CheckReport> {
  if (!(model instanceof Layer)) throw new TypeError('check: model must be a Layer (e.g. a Sequential)');
  checkDataset(data, 'check: data');
  const seed = opts.seed ?? 0;
  const n = data.x.rows;
  if (n === 0) throw new RangeError('check: data has no rows');
  const order = shuffledIndices(n, seed);
  const probe = takeRows(data, order.subarray(0, Math.min(n, opts.probeRows ?? 256)));
  const findings: Finding[] = [];

  const initLoss = checkInitLoss(model, data, probe, opts, findings);
  const regularization = checkRegularization(model, data, probe, opts, findings);
  const gradcheck = checkGradients(
    model,
    takeRows(data, order.subarray(0, Math.min(n, opts.gradcheckSamples ?? 4))).x,
    opts,
    seed,
    findings,
  );
  const overfitTiny = checkOverfitTiny(
    model,
    data,
    takeRows(data, order.subarray(0, Math.min(n, opts.tinySamples ?? 20))),
    opts,
    findings,
  );
  const layers = probeActivations(copyOf(model), probe.x);
  const weights = weightSymmetry(model);
  const activation = activationFindings(layers, weights);
  findings.push(...activation);
  return {
    checks: {
      'init-loss': initLoss,
      regularization,
      gradcheck,
      'overfit-tiny': overfitTiny,
      activations: { passed: !activation.some((f) => f.severity !== 'info'), layers, weights },
    },
    findings,
  };
}

/** A float32 copy to run on; a model whose layers the registry cannot rebuild is used as it is. */
function copyOf(model: Layer): Layer {
  try {
    return cloneLayer(model, 'float32');
  } catch {
    return model;
  }
}

function expectedInitLoss(loss: Loss, data: Dataset): { expected: number | null; formula: string } {
  if (loss.name === 'softmax-cross-entropy') {
    const C = data.numClasses ?? maxPlusOne(data.y as Int32Array);
    return { expected: Math.log(C), formula: `ln ${C}` };
  }
  if (loss.name === 'binary-cross-entropy') return { expected: Math.log(2), formula: 'ln 2' };
  return { expected: null, formula: '' };
}

function checkInitLoss(
  model: Layer,
  data: Dataset,
  probe: ReturnType<typeof takeRows>,
  opts: CheckOptions,
  findings: Finding[],
): CheckResult {
  const loss = resolveLoss(opts.loss, data.y instanceof Int32Array, 'check');
  const measured = loss.forward(copyOf(model).forward(probe.x, { training: true }), probe.y);
  const { expected, formula } = expectedInitLoss(loss, data);
  const values = { measured, expected, loss: loss.name, samples: probe.x.rows };
  if (!Number.isFinite(measured)) {
    findings.push(
      finding(
        'init-loss',
        'error',
        `the loss before training is ${measured}: the model or the data ` + 'produces NaN/Inf',
        values,
        'look for NaN/Inf in the data and for weights initialized far too large',
      ),
    );
    return { passed: false, ...values };
  }
  if (expected === null) return { passed: true, ...values };
  if (measured > 1.5 * expected) {
    findings.push(
      finding(
        'init-loss',
        'warn',
        `the loss before training is ${fmt(measured)}, expected about ${formula} = ${fmt(expected)} with small weights ` +
          `(${fmt(measured / expected, 2)}x): the initial weights or the inputs are too large`,
        values,
        'standardize the inputs, and initialize the output layer with small weights (Xavier)',
      ),
    );
    return { passed: false, ...values };
  }
  if (measured < 0.5 * expected) {
    findings.push(
      finding(
        'init-loss',
        'info',
        `the loss before training is ${fmt(measured)}, well below ${formula} = ${fmt(expected)}: the model already ` +
          'predicts better than chance (trained weights?)',
        values,
      ),
    );
  }
  return { passed: true, ...values };
}

function checkRegularization(
  model: Layer,
  data: Dataset,
  probe: ReturnType<typeof takeRows>,
  opts: CheckOptions,
  findings: Finding[],
): CheckResult {
  const lambda = opts.lambda ?? 1e-2;
  const loss = resolveLoss(opts.loss, data.y instanceof Int32Array, 'check');
  const dataLoss = loss.forward(copyOf(model).forward(probe.x, { training: true }), probe.y);
  const penalty = l2Penalty(
    namedWeights(model).map((w) => w.param),
    lambda,
  );
  const withL2 = dataLoss + penalty;
  const passed = withL2 > dataLoss;
  const values = { dataLoss, withL2, lambda, penalty };
  if (!passed) {
    findings.push(
      finding(
        'regularization',
        'warn',
        `adding L2 regularization (λ = ${fmtRate(lambda)}) did not raise the loss (${fmt(dataLoss)} → ${fmt(withL2)}): ` +
          'the model has no weight matrices or they are all zero',
        values,
        'initialize the weights randomly; check that the layers expose their weights through parameters()',
      ),
    );
  }
  return { passed, ...values };
}

// Images repeat values (a background of zeros), which tie inside max-pooling windows, where finite differences
// are not the derivative either: with a MaxPool2d in the model the samples get a jitter of 1e-3 of their spread.
function hasMaxPooling(layer: Layer): boolean {
  if (layer instanceof MaxPool2d) return true;
  const children = (layer as { layers?: unknown }).layers;
  return Array.isArray(children) && children.some((c) => c instanceof Layer && hasMaxPooling(c));
}

function untied(x: Tensor, rng: Rng): Tensor {
  let lo = Infinity,
    hi = -Infinity;
  for (const v of x.data) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const scale = 1e-3 * Math.max(hi - lo, 1e-6);
  return Tensor.from(
    Array.from(x.data, (v) => v + scale * rng.normal()),
    x.shape,
    x.dtype,
  );
}

// The float64 copy is the check's own: parameters whose values are all equal (zero or constant init) get a small
// random jitter first, because identical units put every ReLU exactly at its kink, where finite differences are
// not the derivative. Symmetric init is reported by the activations check instead.
function checkGradients(model: Layer, x: Tensor, opts: CheckOptions, seed: number, findings: Finding[]): CheckResult {
  const tolerance = opts.gradcheckTolerance ?? 1e-4;
  let copy: Layer;
  try {
    copy = cloneLayer(model, 'float64');
  } catch (e) {
    return { passed: true, skipped: `the model cannot be copied to float64: ${(e as Error).message}` };
  }
  const rng = new Rng(seed);
  let jittered = 0;
  for (const p of copy.parameters()) {
    const v = p.value;
    if (v.length > 1 && v.every((a) => a === v[0])) {
      for (let i = 0; i < v.length; i++) v[i] += 1e-2 * rng.normal();
      jittered++;
    }
  }
  const r = gradCheck(copy, hasMaxPooling(copy) ? untied(x, rng) : x, { seed, maxPerArray: 32, training: true });
  const passed = r.maxRelError <= tolerance;
  const values = {
    maxRelError: r.maxRelError,
    where: r.where,
    analytic: r.analytic,
    numeric: r.numeric,
    checked: r.checked,
    tolerance,
    samples: x.rows,
    perArray: r.perArray,
    jitteredParams: jittered,
  };
  if (!passed) {
    findings.push(
      finding(
        'gradcheck-failed',
        'error',
        `the analytic gradient disagrees with finite differences: relative error ${fmtRate(r.maxRelError)} at ` +
          `${r.where} (analytic ${fmt(r.analytic)}, numeric ${fmt(r.numeric)}; tolerance ${fmtRate(tolerance)}): a layer's ` +
          'backward is wrong',
        { ...values, perArray: Object.keys(r.perArray) },
        `look at the backward of the layer owning ${worstArrays(r.perArray, tolerance)}`,
      ),
    );
  }
  return { passed, ...values };
}

function worstArrays(perArray: Record<string, number>, tolerance: number): string {
  const bad = Object.entries(perArray)
    .filter(([, e]) => !(e <= tolerance))
    .map(([k]) => k);
  return bad.filter((k) => k !== 'input').join(', ') || 'the first layer';
}

function checkOverfitTiny(
  model: Layer,
  data: Dataset,
  tiny: ReturnType<typeof takeRows>,
  opts: CheckOptions,
  findings: Finding[],
): CheckResult {
  const steps = opts.tinySteps ?? 200;
  const rates = opts.tinyRates ?? [0.1, 0.03, 0.3];
  const attempts: OverfitAttempt[] = [];
  for (const lr of rates) {
    const copy = copyOf(model);
    if (copy === model)
      return { passed: true, skipped: 'the model cannot be copied, and overfitting it would change it' };
    const loss = resolveLoss(opts.loss, data.y instanceof Int32Array, 'check');
    const { memorized, ...attempt } = overfitAttempt(copy, loss, lr, tiny, steps);
    attempts.push(attempt);
    if (memorized) {
      const { loss: final, accuracy: acc } = attempt;
      return { passed: true, samples: tiny.x.rows, lr, steps: attempt.steps, loss: final, accuracy: acc, attempts };
    }
  }
  findings.push(overfitFailed(tiny.x.rows, attempts));
  return { passed: false, samples: tiny.x.rows, attempts };
}

interface OverfitAttempt {
  lr: number;
  loss: number;
  accuracy: number | null;
  steps: number;
}

/** Full-batch SGD (momentum 0.9) on the tiny set for up to `steps` steps, stopping early once memorized (checked
 *  every 10 steps) or diverged (loss non-finite or over 10× the first). */
function overfitAttempt(
  copy: Layer,
  loss: Loss,
  lr: number,
  tiny: ReturnType<typeof takeRows>,
  steps: number,
): OverfitAttempt & { memorized: boolean } {
  const classify = tiny.y instanceof Int32Array;
  const opt = new SGD({ lr, momentum: 0.9 });
  // Memorized: loss ~0 (below 0.05, or 1 % of the first loss for regression) and every sample right.
  const judge = () => {
    const out = copy.forward(tiny.x, { training: false });
    const l = loss.forward(out, tiny.y),
      acc = classify ? accuracy(out, tiny.y) : null;
    return { loss: l, accuracy: acc, memorized: l < (classify ? 0.05 : 1e-2 * first) && (acc === null || acc === 1) };
  };
  let first = NaN,
    s = 0;
  for (; s < steps; s++) {
    const l = trainStep(copy, loss, opt, tiny.x, tiny.y);
    if (s === 0) first = l;
    if (!Number.isFinite(l) || l > 10 * first || (s % 10 === 9 && judge().memorized)) break;
  }
  const end = judge();
  return { lr, loss: end.loss, accuracy: end.accuracy, steps: Math.min(s + 1, steps), memorized: end.memorized };
}

function overfitFailed(samples: number, attempts: OverfitAttempt[]): Finding {
  const best = attempts.reduce((a, b) => (b.loss < a.loss ? b : a));
  return finding(
    'overfit-tiny-failed',
    'error',
    `the model could not overfit ${samples} samples: after ${best.steps} full-batch steps (best learning rate ` +
      `${fmtRate(best.lr)}) the loss is ${fmt(best.loss)}` +
      (best.accuracy === null ? '' : ` and train accuracy ` + `${pct(best.accuracy)}`) +
      `, not ~0 and 100 %: a bug, or too little capacity`,
    {
      samples,
      loss: best.loss,
      accuracy: best.accuracy,
      lr: best.lr,
      steps: best.steps,
      rates: attempts.map((a) => a.lr),
    },
    'check the gradient check, the labels, the input scaling (standardize) and the initialization; if those are ' +
      'fine, give the model more capacity',
  );
}
