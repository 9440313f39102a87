// Early abort of a trial (the lecture's rule): stop when the loss exceeds 3× its initial value or is not finite.
// Local stand-in until src/babysit/abort.ts lands with the shared rule.

export const ABORT_FACTOR = 3;

/** The reason to abort, or undefined to go on. `initialLoss` is the loss of the first step (or epoch). */
export function abortReason(initialLoss: number, loss: number, factor = ABORT_FACTOR): string | undefined {
  if (!Number.isFinite(loss)) return `loss is ${loss}`;
  if (Number.isFinite(initialLoss) && loss > factor * initialLoss) {
    return `loss ${loss.toPrecision(4)} > ${factor} × initial loss ${initialLoss.toPrecision(4)}`;
  }
  return undefined;
}
