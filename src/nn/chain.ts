// Chain (nn.Chain): a plain container. forward chains the layers, backward runs them in reverse; parameters and
// buffers are the children's, named "<index>.<name>" ("0.weight", "1.gamma"). No training code here: the trainable
// model (src/model.ts, exported as `Sequential` and `Model`) subclasses this. Saved config type "Chain" (files
// written before the rename say "Sequential"; the registry reads both).
import { Rng } from '../random';
import type { Tensor } from '../tensor';
import type { ForwardOptions, LayerConfig, Param } from './layer';
import { Layer } from './layer';
import { LazyGradParam } from './lazy-grad-param';

export class Chain extends Layer {
  readonly layers: Layer[];
  private named: { params: Param[]; buffers: Param[] } | undefined;

  constructor(layers: Layer[] = []) {
    super();
    if (!Array.isArray(layers)) throw new TypeError(`${this.kind}: layers must be an array of Layer`);
    layers.forEach((l, i) => {
      if (!(l instanceof Layer))
        throw new TypeError(`${this.kind}: layers[${i}] is not a Layer (got ${l === null ? 'null' : typeof l})`);
    });
    this.layers = [...layers];
  }

  /** The class name describe() and error messages use. */
  protected get kind(): string {
    return 'Chain';
  }

  /** Appends a layer (before training starts). */
  add(layer: Layer): this {
    if (!(layer instanceof Layer)) throw new TypeError(`${this.kind}.add: expected a Layer`);
    this.layers.push(layer);
    this.named = undefined;
    return this;
  }

  describe(): string {
    return `${this.kind}(${this.layers.map((l) => l.describe()).join(' → ')})`;
  }

  forward(x: Tensor, opts?: ForwardOptions): Tensor {
    // An explicit { training } applies to every child; otherwise each child uses its own mode (train()/eval() on
    // the container set them all; a child switched on its own, e.g. a frozen BatchNorm, keeps its mode).
    const o = opts?.training === undefined ? undefined : { training: opts.training };
    let h = x;
    for (let i = 0; i < this.layers.length; i++) {
      try {
        h = this.layers[i].forward(h, o);
      } catch (e) {
        throw prefixed(e, `${this.kind} layer ${i}`);
      }
    }
    return h;
  }

  backward(dy: Tensor): Tensor {
    let g = dy;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      try {
        g = this.layers[i].backward(g);
      } catch (e) {
        throw prefixed(e, `${this.kind} layer ${i} backward`);
      }
    }
    return g;
  }

  /** backward through every layer but the first, whose input gradient is not needed (see Layer.backwardParams). */
  override backwardParams(dy: Tensor): void {
    let g = dy;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      try {
        if (i === 0) this.layers[0].backwardParams(g);
        else g = this.layers[i].backward(g);
      } catch (e) {
        throw prefixed(e, `${this.kind} layer ${i} backward`);
      }
    }
  }

  override parameters(): Param[] {
    return this.namedParams().params;
  }

  override buffers(): Param[] {
    return this.namedParams().buffers;
  }

  /** One entry per child (null for children without a random stream), or undefined when no child has one. */
  override randomState(): unknown {
    const states = this.layers.map((l) => l.randomState() ?? null);
    return states.some((s) => s !== null) ? states : undefined;
  }

  override setRandomState(state: unknown): void {
    if (state === undefined || state === null) return;
    if (!Array.isArray(state) || state.length !== this.layers.length) {
      throw new TypeError(`${this.kind}.setRandomState: expected ${this.layers.length} entries (one per layer)`);
    }
    state.forEach((s, i) => {
      if (s !== null) this.layers[i].setRandomState(s);
    });
  }

  /** Renamed views of the children's Params: the arrays are shared, so writes go to the layers. Cached, so the
   *  same Param objects come back every call (optimizers may key state on them). */
  private namedParams(): { params: Param[]; buffers: Param[] } {
    if (!this.named) {
      const rename = (i: number, p: Param): Param =>
        p instanceof LazyGradParam
          ? p.renamed(`${i}.${p.name}`) // shares the pending-zero flag, so the view reads zeros after zeroGrad
          : { name: `${i}.${p.name}`, shape: p.shape, value: p.value, grad: p.grad };
      this.named = {
        params: this.layers.flatMap((l, i) => l.parameters().map((p) => rename(i, p))),
        buffers: this.layers.flatMap((l, i) => l.buffers().map((p) => rename(i, p))),
      };
    }
    return this.named;
  }

  override zeroGrad(): void {
    for (const l of this.layers) l.zeroGrad();
  }

  /** Each layer gets its own stream forked from `rng`, so one seed fixes the whole model. */
  override resetParameters(rng: Rng = new Rng(0)): void {
    for (const l of this.layers) l.resetParameters(rng.fork());
  }

  override train(): this {
    super.train();
    for (const l of this.layers) l.train();
    return this;
  }

  override eval(): this {
    super.eval();
    for (const l of this.layers) l.eval();
    return this;
  }

  config(): LayerConfig {
    return { type: 'Chain', layers: this.layers.map((l) => l.config()) };
  }
}

// A nested container's error keeps its own (innermost) prefix.
function prefixed(e: unknown, where: string): Error {
  if (!(e instanceof Error)) return new Error(`${where}: ${String(e)}`);
  if (!/^(Chain|Sequential) layer/.test(e.message)) e.message = `${where}: ${e.message}`;
  return e;
}
