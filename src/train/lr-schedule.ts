// Learning-rate schedules as a factor of the base rate, evaluated before every optimizer step:
//   constant:  1
//   cosine:    ½·(1 + cos(π·t/T))            t = steps done, T = total steps (Loshchilov & Hutter 2017, no restarts)
//   step:      0.1^⌊4·t/T⌋ from half-way     ×0.1 at 50 % and at 75 % of the run
//   linear:    1 − t/T
// A function (t, T) → factor can be passed instead of a name.
export type ScheduleFn = (step: number, totalSteps: number) => number;

export const SCHEDULES: Record<string, ScheduleFn> = {
  constant: () => 1,
  cosine: (t, T) => 0.5 * (1 + Math.cos((Math.PI * Math.min(t, T)) / T)),
  step: (t, T) => (t < 0.5 * T ? 1 : t < 0.75 * T ? 0.1 : 0.01),
  linear: (t, T) => Math.max(0, 1 - t / T),
};
export const SCHEDULE_NAMES = Object.keys(SCHEDULES);

export function resolveSchedule(s: string | ScheduleFn | undefined): ScheduleFn {
  if (s === undefined) return SCHEDULES.constant;
  if (typeof s === 'function') return s;
  if (!Object.prototype.hasOwnProperty.call(SCHEDULES, s)) {
    throw new Error(`fit: unknown schedule ${JSON.stringify(s)}; valid: ${SCHEDULE_NAMES.join(', ')}, or a function (step, totalSteps) => factor`);
  }
  return SCHEDULES[s];
}
