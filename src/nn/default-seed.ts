// Seeds for layers built without one: a process-wide counter, so two layers of the same shape never start with
// the same weights and the same construction order gives the same model. Pass `seed` (or call
// `resetParameters(rng)`) for a model that does not depend on what was built before it.
let counter = 0;

export function nextDefaultSeed(): number {
  return 0x5eed + counter++;
}

/** Runs `build` without consuming default seeds: for copies (cloneLayer) whose parameters are overwritten anyway,
 *  so checking a model (babysit.check, gradCheck) does not change the weights of layers built after it. */
export function withoutConsumingSeeds<T>(build: () => T): T {
  const saved = counter;
  try {
    return build();
  } finally {
    counter = saved;
  }
}
