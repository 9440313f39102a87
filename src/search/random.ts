// Random search: n configurations drawn independently from the space. With few important hyperparameters it
// tries n distinct values of each, where a grid tries only n^(1/d) (Bergstra & Bengio 2012, figure 1).
import { Rng } from '../random';
import { sample, type Config, type Space } from './spaces';

export function randomConfigs(space: Space, n: number, seed: number): Config[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`randomConfigs: n must be a whole number ≥ 1, got ${n}`);
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => sample(space, rng));
}
