// The layer contract every nn/ file implements (docs/design.md §8). Layers know nothing about training loops:
// forward caches what backward needs, backward returns d loss / d input and accumulates parameter gradients.
import type { FloatArray } from '../backend/types';
import type { Rng } from '../random';
import type { Tensor } from '../tensor';
import { zeroGrads } from './param';

/** A learned tensor and its gradient, writable in place (weights can be loaded from elsewhere). */
export interface Param {
  name: string;
  shape: number[];
  value: FloatArray;
  grad: FloatArray;
}

export interface ForwardOptions {
  /** Training mode: batch statistics in BatchNorm, dropout on. Defaults to the layer's mode (train()/eval()). */
  training?: boolean;
}

/** What save/load records of a layer: its type and constructor options, enough to rebuild it. */
export interface LayerConfig {
  type: string;
  [option: string]: unknown;
}

export abstract class Layer {
  /** Training mode (the default) or evaluation mode. */
  training = true;

  /** A short human name used in error messages and monitors, e.g. "Dense(784→512)". */
  abstract describe(): string;
  abstract forward(x: Tensor, opts?: ForwardOptions): Tensor;
  /** Given dL/dy for the last forward, returns dL/dx and accumulates (+=) gradients of parameters(). */
  abstract backward(dy: Tensor): Tensor;
  abstract config(): LayerConfig;

  /** backward when dL/dx is not wanted (the first layer of a model, whose input is data): accumulates the
   *  parameter gradients and may skip the input gradient (Dense skips its dx = dy·W product). */
  backwardParams(dy: Tensor): void {
    this.backward(dy);
  }

  parameters(): Param[] {
    return [];
  }

  /** Non-learned state saved with the model (BatchNorm running estimates). */
  buffers(): Param[] {
    return [];
  }

  /** The state of the layer's own random stream (Dropout masks), so checkpoints and worker threads continue it
   *  exactly; undefined for layers without one. */
  randomState(): unknown {
    return undefined;
  }

  setRandomState(_state: unknown): void {}

  zeroGrad(): void {
    zeroGrads(this.parameters());
  }

  /** Re-draws parameters from the layer's initialization policy. */
  resetParameters(_rng: Rng): void {}

  train(): this {
    this.training = true;
    return this;
  }

  eval(): this {
    this.training = false;
    return this;
  }
}
