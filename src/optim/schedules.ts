// Learning-rate schedules as pure functions of the step (or epoch) t = 0, 1, 2, … → lr. The trainer sets
// `optimizer.lr = schedule(t)` before each step (or epoch). Same definitions as PyTorch's StepLR, ExponentialLR,
// CosineAnnealingLR (closed form) and LinearLR warm-up.
export type Schedule = (t: number) => number;

function checkT(t: number): number {
  if (!(t >= 0) || !Number.isFinite(t)) throw new RangeError(`schedule: step must be a finite number ≥ 0, got ${t}`);
  return t;
}

function positive(where: string, name: string, v: number, allowZero = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || (allowZero ? v < 0 : v <= 0)) {
    throw new RangeError(`${where}: ${name} must be a finite number ${allowZero ? '≥' : '>'} 0, got ${String(v)}`);
  }
  return v;
}

/** lr for every t. */
export function constantLr(lr: number): Schedule {
  positive('constant schedule', 'lr', lr, true);
  return (t) => (checkT(t), lr);
}

/** lr·γ^⌊t / every⌋ (StepLR; γ default 0.1). */
export function stepDecay(lr: number, every: number, gamma = 0.1): Schedule {
  positive('step schedule', 'lr', lr, true);
  positive('step schedule', 'every', every);
  positive('step schedule', 'gamma', gamma, true);
  return (t) => lr * gamma ** Math.floor(checkT(t) / every);
}

/** lr·γ^t (ExponentialLR). */
export function exponentialDecay(lr: number, gamma: number): Schedule {
  positive('exponential schedule', 'lr', lr, true);
  positive('exponential schedule', 'gamma', gamma, true);
  return (t) => lr * gamma ** checkT(t);
}

/** min + (lr − min)·(1 + cos(π·t/total))/2 for t ≤ total, then min (CosineAnnealingLR, Loshchilov & Hutter 2017). */
export function cosineDecay(lr: number, total: number, minLr = 0): Schedule {
  positive('cosine schedule', 'lr', lr, true);
  positive('cosine schedule', 'total', total);
  positive('cosine schedule', 'minLr', minLr, true);
  return (t) => minLr + ((lr - minLr) * (1 + Math.cos((Math.PI * Math.min(checkT(t), total)) / total))) / 2;
}

/** Linear warm-up from lr·startFactor at t = 0 to lr at t = warmup, then `after(t − warmup)` (default: lr)
 *  (Goyal et al. 2017; LinearLR). */
export function linearWarmup(
  lr: number,
  warmup: number,
  after: Schedule = constantLr(lr),
  startFactor = 1 / 3,
): Schedule {
  positive('warm-up schedule', 'lr', lr, true);
  positive('warm-up schedule', 'warmup', warmup);
  positive('warm-up schedule', 'startFactor', startFactor);
  return (t) => (checkT(t) < warmup ? lr * (startFactor + (1 - startFactor) * (t / warmup)) : after(t - warmup));
}

export interface ScheduleOptions {
  /** Base learning rate. */
  lr: number;
  /** Steps (or epochs) the run lasts: cosine's period and the default step size. */
  total?: number;
  /** step: decay every this many steps (default total/3); warmup: warm-up length (default total/10). */
  every?: number;
  warmup?: number;
  /** step/exponential factor (defaults 0.1 and 0.95). */
  gamma?: number;
  minLr?: number;
}

export const SCHEDULE_NAMES = ['constant', 'step', 'exponential', 'cosine', 'warmup-cosine'] as const;
export type ScheduleName = (typeof SCHEDULE_NAMES)[number];

/** The schedule for a name users type; a wrong name lists the valid ones. */
export function scheduleFromName(name: string, opts: ScheduleOptions): Schedule {
  const total = () => {
    if (opts.total === undefined)
      throw new RangeError(`schedule ${JSON.stringify(name)} needs total (the number of steps or epochs)`);
    return opts.total;
  };
  switch (name as ScheduleName) {
    case 'constant':
      return constantLr(opts.lr);
    case 'step':
      return stepDecay(opts.lr, opts.every ?? Math.max(1, Math.floor(total() / 3)), opts.gamma ?? 0.1);
    case 'exponential':
      return exponentialDecay(opts.lr, opts.gamma ?? 0.95);
    case 'cosine':
      return cosineDecay(opts.lr, total(), opts.minLr ?? 0);
    case 'warmup-cosine': {
      const warm = opts.warmup ?? Math.max(1, Math.floor(total() / 10));
      return linearWarmup(opts.lr, warm, cosineDecay(opts.lr, Math.max(1, total() - warm), opts.minLr ?? 0));
    }
    default:
      throw new Error(`unknown schedule ${JSON.stringify(name)}; valid: ${SCHEDULE_NAMES.join(', ')}`);
  }
}
