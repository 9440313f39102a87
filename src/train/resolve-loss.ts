// The loss a fit (or a sanity check) uses: the one named or given, else the default for the targets — softmax
// cross-entropy for class labels, mean squared error for numbers.
import { lossFromName, type Loss } from '../losses';

/** `where` names the caller in errors ("fit: unknown loss ..."). */
export function resolveLoss(loss: Loss | string | undefined, classification: boolean, where = 'fit'): Loss {
  if (loss === undefined) return lossFromName(classification ? 'softmax-cross-entropy' : 'mean-squared-error');
  if (typeof loss === 'string') {
    try {
      return lossFromName(loss);
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`);
    }
  }
  if (typeof loss?.forward !== 'function' || typeof loss?.backward !== 'function')
    throw new TypeError(`${where}: loss must be a Loss or a loss name`);
  return loss;
}
