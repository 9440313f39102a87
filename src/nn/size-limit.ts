// Sizes are checked before anything is allocated, so a typo or a hostile search configuration ({"hidden": 1e8},
// {"depth": 1e7}, new Dense(2**31, 1)) is a RangeError naming the limit — never a process killed by the allocator.
//   parameter limit: values in one model (and so in any one parameter array); default 2^28 = 268,435,456
//                    (1 GiB of float32 weights, as much again for gradients); NNKIT_MAX_PARAMETERS or
//                    setParameterLimit(n) changes it.
let limit = limitFromEnv();

function limitFromEnv(): number {
  const v = process.env.NNKIT_MAX_PARAMETERS;
  const n = v === undefined ? NaN : Number(v);
  return Number.isSafeInteger(n) && n >= 1 ? n : 2 ** 28;
}

export function parameterLimit(): number {
  return limit;
}

/** Sets the parameter limit (a whole number ≥ 1); returns the previous one. */
export function setParameterLimit(n: number): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`setParameterLimit: need a whole number ≥ 1, got ${n}`);
  const previous = limit;
  limit = n;
  return previous;
}

/** Throws when `count` values for `what` exceed the limit. */
export function checkParameterCount(what: string, count: number): void {
  if (!(count <= limit))
    throw new RangeError(
      `${what}: ${count} parameter values exceed the limit of ${limit} ` +
        '(raise it with NNKIT_MAX_PARAMETERS or nn.setParameterLimit if this is meant)',
    );
}
