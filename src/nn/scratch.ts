// Per-layer scratch: outputs, caches and gradients allocated on the first batch of a shape and reused afterwards,
// so a training step allocates nothing once every batch size has been seen. A few shapes are kept (the full
// batch and the last, smaller one alternate every epoch); the oldest is dropped beyond that.
import type { DType } from '../tensor';
import { Tensor } from '../tensor';

const MAX_ENTRIES = 16; // roles × shapes kept per layer

export class Scratch {
  private readonly floats = new Map<string, Tensor>();
  private readonly ints = new Map<string, Int32Array>();
  private readonly last = new Map<string, Tensor>();
  private readonly lastInts = new Map<string, Int32Array>(); // fast path: the role's previous tensor, no key string built

  /** A tensor of this shape and precision for `role`; its contents are whatever the last user left. */
  tensor(role: string, shape: readonly number[], dtype: DType): Tensor {
    const prev = this.last.get(role);
    if (prev && prev.dtype === dtype && sameShape(prev.shape, shape)) return prev;
    const key = `${role}:${dtype}:${shape.join(',')}`;
    let t = this.floats.get(key);
    if (!t) {
      t = Tensor.zeros(shape, dtype);
      this.floats.set(key, t);
      evict(this.floats);
    }
    this.last.set(role, t);
    return t;
  }

  int32(role: string, size: number): Int32Array {
    const prev = this.lastInts.get(role);
    if (prev && prev.length === size) return prev;
    const key = `${role}:${size}`;
    let a = this.ints.get(key);
    if (!a) {
      a = new Int32Array(size);
      this.ints.set(key, a);
      evict(this.ints);
    }
    this.lastInts.set(role, a);
    return a;
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function evict<V>(m: Map<string, V>): void {
  while (m.size > MAX_ENTRIES) m.delete(m.keys().next().value as string);
}
