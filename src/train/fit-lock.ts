// One fit at a time per model. Two fits of one model interleave their batches on the same weights (in-process fit
// yields between batches) or, in worker mode, the later one to finish silently overwrites the other's weights; so
// a second fit while one runs is refused at once, naming the way out.
const fitting = new WeakSet<object>();

export async function oneFitAtATime<T>(model: object, run: () => Promise<T>): Promise<T> {
  if (fitting.has(model))
    throw new Error('fit: this model is already training (a fit() that has not finished); await it, or fit a copy');
  fitting.add(model);
  try {
    return await run();
  } finally {
    fitting.delete(model);
  }
}
