// A Param whose gradient is zeroed lazily: zeroGrad() sets a "pending zero" flag instead of writing memory.
//   read  p.grad            → pending: fill the array with 0 first (so every reader sees zeros), then return it
//   write p.accumulateGrad  → pending: the writer overwrites (GEMM β = 0, sumRows accumulate = false), else it adds
// Why: a training step used to memset every gradient and then have each Dense backward read those zeros back in
// dW += dyᵀ·x (β = 1); overwriting on the first accumulation saves the fill pass and the read (~1.5 % of a 1-thread
// step of the bench MLP, docs/bf16.md "Session 17"). Views renamed by Chain share the array and the flag (GradState),
// so zeroing or writing through either is seen by both.
// Caveat: an array reference taken from `grad` before zeroGrad() holds the old values until someone reads `grad`
// again or a layer writes it; read `grad` after zeroGrad() (optimizers, callbacks and gradcheck all do).
import { kernelsFor } from '../backend';
import type { FloatArray } from '../backend/types';
import type { Param } from './layer';

/** grad = 0. Large arrays through the backend's fill (native: split over the threads; on the caller alone the
 *  recipe's 535k gradients took ~16 µs a step on 2 threads, ~11 µs split, docs/bf16.md), small ones (biases,
 *  BatchNorm) in place, where a native call would cost more than the fill. */
export function fillZeros(grad: FloatArray): void {
  if (grad.length < 1 << 14) grad.fill(0);
  else kernelsFor(grad).fillZero(grad.length, grad);
}

/** The gradient storage shared by a Param and its renamed views. */
class GradState {
  pendingZero = false;
  constructor(public array: FloatArray) {}
}

export class LazyGradParam implements Param {
  constructor(
    public name: string,
    public shape: number[],
    public value: FloatArray,
    private readonly state: GradState,
  ) {}

  static create(name: string, shape: number[], value: FloatArray, grad: FloatArray): LazyGradParam {
    return new LazyGradParam(name, shape, value, new GradState(grad));
  }

  /** The gradient, zeros if zeroed since the last write (the fill happens here, once). */
  get grad(): FloatArray {
    const s = this.state;
    if (s.pendingZero) {
      fillZeros(s.array);
      s.pendingZero = false;
    }
    return s.array;
  }

  /** Replaces the gradient array (as assigning a plain Param's grad does); the new array is read as it is. */
  set grad(array: FloatArray) {
    this.state.array = array;
    this.state.pendingZero = false;
  }

  /** grad = 0 without touching memory: the next read fills the zeros, or the next accumulateGrad overwrites. */
  zeroGradLazily(): void {
    this.state.pendingZero = true;
  }

  /** For a writer that sets or adds to every element: calls write(grad, overwrite), overwrite = true when the
   *  gradient is a pending zero, then the writer must store its values (β = 0) instead of adding them (β = 1).
   *  If write throws, a pending zero stays pending (the gradient still reads as zeros). */
  accumulateGrad(write: (grad: FloatArray, overwrite: boolean) => void): void {
    const s = this.state;
    write(s.array, s.pendingZero);
    s.pendingZero = false;
  }

  /** The same gradient and value under another name (Chain's "<layer index>.<name>" views). */
  renamed(name: string): LazyGradParam {
    return new LazyGradParam(name, this.shape, this.value, this.state);
  }
}
