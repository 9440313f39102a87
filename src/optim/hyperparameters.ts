// Range checks of the optimizers' settings, one per kind of setting; each error names the optimizer and the setting.

/** A decay rate or momentum: 0 ≤ v < 1. */
export function fraction(owner: string, name: string, v: number): number {
  if (!(v >= 0 && v < 1)) throw new RangeError(`${owner}: ${name} must be in [0, 1), got ${v}`);
  return v;
}

/** A finite v ≥ 0 (weight decay). */
export function nonNegative(owner: string, name: string, v: number): number {
  if (!(v >= 0 && Number.isFinite(v))) throw new RangeError(`${owner}: ${name} must be ≥ 0, got ${v}`);
  return v;
}

/** A finite v > 0 (eps). */
export function positive(owner: string, name: string, v: number): number {
  if (!(v > 0 && Number.isFinite(v))) throw new RangeError(`${owner}: ${name} must be > 0, got ${v}`);
  return v;
}
