// Grid search, for comparison with random search: k = ⌊n^(1/d)⌋ levels per dimension at the cell centres
// t = (i + ½)/k of each range (log-spaced for log dimensions), all k^d ≤ n combinations in key order.
// A choice dimension with fewer values than k gets one level per value.
import { valueAt, type Config, type Space, type Value } from './spaces';

export function gridConfigs(space: Space, n: number): Config[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`gridConfigs: n must be a whole number ≥ 1, got ${n}`);
  const names = Object.keys(space);
  // Floating n^(1/d) can land just under a whole number (64^(1/3) = 3.9999…): round, then correct.
  let k = Math.max(1, Math.round(n ** (1 / Math.max(1, names.length))));
  while (k > 1 && k ** names.length > n) k--;
  const levels: Value[][] = names.map((name) => {
    const dim = space[name];
    const count =
      dim.kind === 'choice'
        ? Math.min(k, dim.values.length)
        : dim.kind === 'int'
          ? Math.min(k, dim.hi - dim.lo + 1)
          : k;
    return Array.from({ length: count }, (_, i) => valueAt(dim, (i + 0.5) / count));
  });
  let configs: Config[] = [{}];
  for (let d = 0; d < names.length; d++) {
    configs = configs.flatMap((c) => levels[d].map((v) => ({ ...c, [names[d]]: v })));
  }
  return configs;
}
