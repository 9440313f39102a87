// The live babysitter: training callbacks (src/train/callbacks.ts) that watch a fit and turn what they see into
// findings. What it watches, and when:
//   every step     NaN/Inf loss, or a smoothed loss > 3× the first batch's loss → stop early (EarlyAbort of
//                  abort.ts, the rule search trials use too)
//   every k steps  per-matrix update/weight ratio ‖ΔW‖/‖W‖ of the step (update-ratio.ts), k = ratioEvery, estimated
//                  on ≤ 16k evenly spread values of each matrix
//   start, epochs  activation statistics on the trainer's probe rows: identical units, saturation, dead ReLUs,
//                  vanishing activations (activation-stats.ts; at start in training mode, after each epoch in eval
//                  mode; both on the live layers, leaving their state as it was)
//   end            loss-curve shape over the whole run (loss-curve.ts), median update ratios, train/val gap
//                  (train-val-gap.ts) from the last epoch
// Each id is reported once per run (the first time it is seen); `onFinding` receives findings as they happen.
// Cost per step: a loss comparison; every k-th step two strided samples (≤ 16k values) of each weight matrix.
import type { FloatArray } from '../backend/types';
import { allocLike } from '../tensor';
import { Chain } from '../nn/chain';
import type { BatchInfo, Callbacks, TrainContext } from '../train/callbacks';
import type { EpochRecord, History } from '../train/history';
import { abortFinding, EarlyAbort } from './abort';
import { activationFindings, type ActivationThresholds } from './activation-stats';
import type { Finding, FindingId } from './findings';
import { classifyLossCurve, lossCurveFinding } from './loss-curve';
import { namedWeights, probeActivations, weightSymmetry } from './probe';
import { trainValGapFinding, type GapThresholds } from './train-val-gap';
import {
  median,
  sampleStride,
  sampleStrided,
  updateRatio,
  updateRatioFinding,
  UPDATE_RATIO_RANGE,
} from './update-ratio';

/** Init failures whose consequences (flat loss, tiny updates, low accuracy) are not reported separately. */
const INIT_CAUSES = new Set<FindingId>(['symmetric-init', 'vanishing-activations', 'saturation']);

export interface MonitorOptions {
  /** Stop when the loss exceeds this factor of the first batch's loss (default 3); NaN/Inf always stops. */
  abortFactor?: number;
  /** Measure the update/weight ratio every this many steps (default 20). */
  ratioEvery?: number;
  /** Healthy update/weight ratio range (default 1e-4..1e-2). */
  updateRange?: { low: number; high: number };
  gap?: GapThresholds;
  activations?: ActivationThresholds;
  /** Called with each new finding as soon as it is made (live display). */
  onFinding?: (f: Finding) => void;
}

export class Babysitter implements Callbacks {
  /** Every finding of the run so far, one per id. */
  readonly findings: Finding[] = [];
  private initialLoss = NaN;
  private readonly abort: EarlyAbort;
  private peakLr = NaN; // the schedule's largest rate: what end-of-run advice is about (cosine ends near 0)
  private readonly ratios = new Map<string, number[]>();
  // Weight matrices, each with evenly spread sample positions (stride) and buffers for the values around a step.
  private weights: { name: string; value: FloatArray; stride: number; before: FloatArray; after: FloatArray }[] = [];
  private measuring = false;
  private readonly every: number;

  constructor(private readonly opts: MonitorOptions = {}) {
    this.every = opts.ratioEvery ?? 20;
    this.abort = new EarlyAbort(opts.abortFactor);
    if (!Number.isInteger(this.every) || this.every < 1) {
      throw new RangeError(`Babysitter: ratioEvery must be a whole number ≥ 1, got ${String(opts.ratioEvery)}`);
    }
  }

  onTrainStart(ctx: TrainContext): void {
    const model = new Chain([...ctx.layers]);
    this.weights = namedWeights(model).map(({ name, param }) => {
      const stride = sampleStride(param.value.length),
        n = Math.ceil(param.value.length / stride);
      return { name, value: param.value, stride, before: allocLike(param.value, n), after: allocLike(param.value, n) };
    });
    this.measuring = false;
    this.ratios.clear();
    this.peakLr = NaN;
    // A resumed run keeps the loss of its very first batch as the reference (history comes from the checkpoint).
    this.initialLoss = ctx.history.batchLoss.length ? ctx.history.batchLoss[0] : NaN;
    this.abort.reset(this.initialLoss);
    // Training-mode probe of the live layers (BatchNorm state restored, Dropout off): no copy, so no default seeds
    // are drawn and the run is the same with or without the babysitter.
    this.add(activationFindings(probeActivations(model, ctx.probe), weightSymmetry(model), this.opts.activations));
  }

  onBeforeStep(ctx: TrainContext, _batch: BatchInfo): void {
    if (ctx.step % this.every !== this.every - 1) return;
    this.weights.forEach((w) => sampleStrided(w.value, w.stride, w.before));
    this.measuring = true;
  }

  onBatchEnd(ctx: TrainContext, batch: BatchInfo): void {
    const loss = batch.loss as number;
    if (!(batch.lr <= this.peakLr)) this.peakLr = batch.lr;
    if (Number.isNaN(this.initialLoss)) this.initialLoss = loss;
    const f = this.abort.observe(loss, ctx.step, batch.lr);
    if (f) {
      this.add([f]);
      ctx.stop(f.message);
    }
    if (this.measuring) {
      this.weights.forEach((w) => {
        const r = updateRatio(w.before, sampleStrided(w.value, w.stride, w.after));
        const list = this.ratios.get(w.name) ?? [];
        list.push(r);
        this.ratios.set(w.name, list);
      });
      this.measuring = false;
    }
  }

  onEpochEnd(ctx: TrainContext, _record: EpochRecord): void {
    if (this.findings.some((f) => f.id === 'symmetric-init')) return; // dead or flat units follow from it
    this.add(
      activationFindings(probeLive(ctx), [], this.opts.activations).filter((f) => f.id !== 'vanishing-activations'),
    );
  }

  onTrainEnd(_ctx: TrainContext, history: History): void {
    const losses = history.batchLoss;
    const last = losses[losses.length - 1];
    const lr = Number.isNaN(this.peakLr) ? undefined : this.peakLr;
    if (history.stopped && losses.length > 0 && !Number.isFinite(last)) {
      this.add([abortFinding('nan-loss', { initialLoss: this.initialLoss, loss: last, step: losses.length, lr })]);
    }
    // A broken initialization explains a flat curve, tiny updates and low accuracy: report the cause, not those.
    const initProblem = this.findings.some((f) => INIT_CAUSES.has(f.id));
    const blewUp = this.findings.some((f) => f.id === 'nan-loss' || f.id === 'loss-explosion');
    const range = this.opts.updateRange ?? UPDATE_RATIO_RANGE;
    const ratio = this.medianRatios();
    const medianRatio = ratio.length ? median(ratio.map((r) => r.ratio)) : undefined;
    const curve = classifyLossCurve(losses, {
      initialLoss: Number.isNaN(this.initialLoss) ? undefined : this.initialLoss,
    });
    if (!blewUp && !initProblem) {
      const f = lossCurveFinding(curve, { lr, updateRatio: medianRatio, updateRange: range });
      if (f) this.add([f]);
    }
    if (!initProblem) {
      const u = updateRatioFinding(ratio, { range, lr, converged: curve.relativeDrop >= 0.5 });
      if (u) this.add([u]);
    }
    const end = history.epochs[history.epochs.length - 1];
    if (end?.trainAccuracy !== undefined && end.valAccuracy !== undefined && !history.stopped) {
      const g = trainValGapFinding(
        {
          trainAccuracy: end.trainAccuracy,
          validationAccuracy: end.valAccuracy,
          trainLoss: end.trainLoss,
          validationLoss: end.valLoss,
        },
        this.opts.gap,
      );
      if (g && !(initProblem && g.id === 'underfitting')) this.add([g]);
    }
  }

  /** Median update/weight ratio per weight matrix over the measured steps. */
  medianRatios(): { name: string; ratio: number }[] {
    return [...this.ratios].map(([name, rs]) => ({ name, ratio: median(rs) }));
  }

  private add(fs: Finding[]): void {
    for (const f of fs) {
      if (this.findings.some((g) => g.id === f.id)) continue;
      this.findings.push(f);
      this.opts.onFinding?.(f);
    }
  }
}

/** Activation statistics of the live layers on the probe rows, in eval mode (passed per call: no state changes). */
function probeLive(ctx: TrainContext) {
  return probeActivations(new Chain([...ctx.layers]), ctx.probe, { training: false });
}
