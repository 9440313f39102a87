// The early-abort rule of the lecture's babysitting and of hyperparameter search: stop a run whose loss is NaN/Inf
// or has grown past 3× its initial value — it will not come back, and every further step wastes time.
//   shouldAbort(2.30, 7.1) → 'loss-explosion'    shouldAbort(2.30, NaN) → 'nan-loss'    shouldAbort(2.30, 1.9) → null
// During training (EarlyAbort: the live babysitter and every search trial) the loss compared is smoothed, a
// bias-corrected moving average s_k = m_k/(1 − β^k), m_k = β·m_{k−1} + (1 − β)·L_k, β = 0.8, against the first
// batch's loss: one noisy batch of a low-loss run does not stop it; a blow-up still does within a step or two.
import { finding, fmt, fmtRate, type Finding } from './findings';

export type AbortReason = 'nan-loss' | 'loss-explosion';

/** The default growth factor over the initial loss that aborts a run. */
export const ABORT_FACTOR = 3;

export function shouldAbort(initialLoss: number, loss: number, factor = ABORT_FACTOR): AbortReason | null {
  if (!Number.isFinite(loss)) return 'nan-loss';
  if (Number.isFinite(initialLoss) && initialLoss > 0 && loss > factor * initialLoss) return 'loss-explosion';
  return null;
}

/** A smaller learning rate to try after a blow-up: a power of ten at or below min(lr / 10, 1e-2). */
export function saferRate(lr: number): number {
  return 10 ** Math.floor(Math.log10(Math.min(lr / 10, 1e-2)) + 1e-9);
}

export interface AbortContext {
  initialLoss: number;
  loss: number;
  /** Optimizer step (1-based) at which the loss was seen. */
  step: number;
  /** The learning rate in use, when known. */
  lr?: number;
}

/** The finding that explains an abort: an error with the numbers and what to try. */
export function abortFinding(reason: AbortReason, ctx: AbortContext): Finding {
  const { initialLoss, loss, step, lr } = ctx;
  const rate = lr === undefined ? 'the learning rate' : `the learning rate ${fmtRate(lr)}`;
  const tryRate = lr === undefined ? 'a 10x smaller one' : fmtRate(saferRate(lr));
  const values = { initialLoss, loss: Number.isFinite(loss) ? loss : String(loss), step, lr: lr ?? null };
  const suggestion =
    `try a learning rate of ${tryRate} or run with --lr auto; if that does not help, look for ` +
    'NaN/Inf or unscaled values in the data';
  if (reason === 'nan-loss') {
    return finding(
      'nan-loss',
      'error',
      `the loss became ${loss} at step ${step} (initial ${fmt(initialLoss)}): ${rate} is probably too high, ` +
        `or the data holds NaN/Inf; try ${tryRate} or run with --lr auto`,
      values,
      suggestion,
    );
  }
  return finding(
    'loss-explosion',
    'error',
    `loss rose from ${fmt(initialLoss)} to ${fmt(loss, 2)} (${fmt(loss / initialLoss, 2)}x the initial) by step ` +
      `${step}: ${rate} is too high; try ${tryRate} or run with --lr auto`,
    values,
    suggestion,
  );
}

/** Smoothing factor β of the moving average EarlyAbort compares. */
export const ABORT_EMA_BETA = 0.8;

/** The rule applied batch by batch: feed each batch loss; a finding comes back when the run must stop. */
export class EarlyAbort {
  private initialLoss = NaN;
  private ema = 0;
  private steps = 0;

  constructor(private readonly factor = ABORT_FACTOR) {}

  /** Starts over; a resumed run passes the loss of its very first batch as the reference. */
  reset(initialLoss = NaN): void {
    this.initialLoss = initialLoss;
    this.ema = 0;
    this.steps = 0;
  }

  /** The loss of optimizer step `step` (1-based) at learning rate `lr` → the abort finding, or null. */
  observe(loss: number, step: number, lr?: number): Finding | null {
    if (Number.isNaN(this.initialLoss)) this.initialLoss = loss;
    this.ema = ABORT_EMA_BETA * this.ema + (1 - ABORT_EMA_BETA) * loss;
    const smoothed = this.ema / (1 - ABORT_EMA_BETA ** ++this.steps);
    const compared = Number.isFinite(loss) ? smoothed : loss;
    const reason = shouldAbort(this.initialLoss, compared, this.factor);
    return reason ? abortFinding(reason, { initialLoss: this.initialLoss, loss: compared, step, lr }) : null;
  }
}
