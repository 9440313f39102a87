// The MLP recipe's size, checked before a layer is built: a search configuration like {"hidden": 64, "depth": 1e7}
// would otherwise allocate until the process dies (and kill every worker it is retried on).
//   values = Σ_i pieces·(w_{i−1}·h_i + h_i) [+ 4·h_i with BatchNorm] + w_last·outputs + outputs,
//   pieces = 2 for maxout, else 1; w_0 = inputs; a Dense followed by BatchNorm has no bias (no pieces·h_i).
import { checkParameterCount } from '../nn/size-limit';

/** Hidden layers beyond this are a typo, not a network (an MLP this deep does not train). */
export const MAX_HIDDEN_LAYERS = 1000;

export function checkMlpSize(inputs: number, hidden: readonly number[], outputs: number, maxout: boolean, bn: boolean) {
  if (hidden.length > MAX_HIDDEN_LAYERS)
    throw new RangeError(`MLP: ${hidden.length} hidden layers exceed the limit of ${MAX_HIDDEN_LAYERS}`);
  let values = 0,
    width = inputs;
  for (const h of hidden) {
    const bias = maxout || !bn ? h : 0;
    values += (maxout ? 2 : 1) * (width * h + bias) + (bn ? 4 * h : 0);
    width = h;
  }
  values += width * outputs + outputs;
  checkParameterCount(`MLP ${[inputs, ...hidden, outputs].join('-')}`, values);
}
