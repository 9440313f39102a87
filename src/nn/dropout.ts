// Inverted dropout (Srivastava et al. 2014): in training y = x ⊙ m with m_i = 1[u_i ≥ p]/(1 − p), u ~ U(0, 1),
// so E[y] = x and evaluation is the identity (no rescaling at test time). dx = dy ⊙ m. Any shape.
// The mask stream is seeded (option `seed`, or resetParameters(rng)); `freezeMask` reuses the last mask (gradient
// checks).
import type { DType } from '../tensor';
import type { Tensor } from '../tensor';
import { Rng } from '../random';
import { Scratch } from './scratch';
import { nextDefaultSeed } from './default-seed';
import { checkDType, checkGrad, checkInput } from './input-checks';
import type { ForwardOptions, LayerConfig } from './layer';
import { Layer } from './layer';

export interface DropoutOptions {
  /** Seed of the mask stream (default: a process-wide counter). */
  seed?: number;
  dtype?: DType;
}

export class Dropout extends Layer {
  readonly dtype: DType;
  /** When true, forward in training mode reuses the previous mask of the same shape. */
  freezeMask = false;
  private rng: Rng;
  private readonly scratch = new Scratch();
  private mask: Tensor | undefined; // undefined after an eval-mode forward: backward passes dy through
  private y: Tensor | undefined;

  /** p: probability of dropping a unit, in [0, 1). */
  constructor(
    readonly p = 0.5,
    opts: DropoutOptions = {},
  ) {
    super();
    if (typeof p !== 'number' || !(p >= 0 && p < 1))
      throw new RangeError(`Dropout: p must be in [0, 1), got ${String(p)}`);
    this.dtype = checkDType(this.describe(), opts.dtype);
    this.rng = new Rng(opts.seed ?? nextDefaultSeed());
  }

  describe(): string {
    return `Dropout(${this.p})`;
  }

  override resetParameters(rng: Rng): void {
    this.rng = rng.fork();
  }

  override randomState(): unknown {
    return this.rng.state();
  }

  override setRandomState(state: unknown): void {
    this.rng.setState(state as ReturnType<Rng['state']>);
  }

  forward(x: Tensor, opts?: ForwardOptions): Tensor {
    checkInput(this, x, this.dtype);
    const training = opts?.training ?? this.training;
    if (!training || this.p === 0) {
      this.mask = undefined;
      this.y = x;
      return x;
    }
    const mask = this.scratch.tensor('mask', x.shape, this.dtype);
    if (!(this.freezeMask && this.mask === mask)) {
      const keep = 1 / (1 - this.p),
        m = mask.data;
      for (let i = 0; i < m.length; i++) m[i] = this.rng.next() >= this.p ? keep : 0;
    }
    const y = this.scratch.tensor('y', x.shape, this.dtype),
      xs = x.data,
      ys = y.data,
      m = mask.data;
    for (let i = 0; i < ys.length; i++) ys[i] = xs[i] * m[i]; // y = x ⊙ m
    this.mask = mask;
    this.y = y;
    return y;
  }

  backward(dy: Tensor): Tensor {
    checkGrad(this, dy, this.y);
    if (!this.mask) return dy;
    const dx = this.scratch.tensor('dx', dy.shape, this.dtype),
      m = this.mask.data,
      d = dy.data,
      out = dx.data;
    for (let i = 0; i < out.length; i++) out[i] = d[i] * m[i]; // dx = dy ⊙ m
    return dx;
  }

  config(): LayerConfig {
    return { type: 'Dropout', p: this.p, dtype: this.dtype };
  }
}
