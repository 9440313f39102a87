// The optimizer contract: step(params) updates values from grads in place; zeroGrad(params); a settable lr so
// schedules can drive it; state()/loadState() for checkpoints. Per-parameter state (velocity, moments) is keyed by
// the parameter's value array, so the renamed views a Chain (or Sequential) hands out share the state of the
// layer's Param; in state() it is keyed by the parameter's name.
import type { FloatArray } from '../backend/types';
import type { Param } from '../nn/layer';
import { zeroGrads } from '../nn/param';

/** Serializable optimizer state: hyperparameters plus per-parameter slots, by parameter name. */
export interface OptimizerState {
  type: string;
  lr: number;
  slots: Record<string, Record<string, FloatArray | number>>;
}

/** The type and constructor options of an optimizer: enough to rebuild it (optimizerFromConfig). */
export interface OptimizerConfig {
  type: string;
  lr: number;
  [option: string]: unknown;
}

export abstract class Optimizer {
  private lr_ = 0;
  protected readonly slots = new Map<FloatArray, Record<string, FloatArray | number>>();
  private readonly names = new Map<FloatArray, string>();
  private pending: OptimizerState['slots'] = {};

  abstract readonly type: string;

  protected constructor(lr: number) {
    this.lr = lr;
  }

  get lr(): number {
    return this.lr_;
  }

  set lr(v: number) {
    if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) {
      throw new RangeError(`${this.constructor.name}: lr must be a finite number ≥ 0, got ${String(v)}`);
    }
    this.lr_ = v;
  }

  abstract step(params: Param[]): void;
  abstract config(): OptimizerConfig;

  zeroGrad(params: Param[]): void {
    zeroGrads(params);
  }

  /** The slots of one parameter, created by `init` on first use (or restored from loadState by name). */
  protected slotsFor<S extends Record<string, FloatArray | number>>(p: Param, init: () => S): S {
    let s = this.slots.get(p.value);
    if (!s) {
      const saved = this.pending[p.name];
      s = init();
      if (saved) {
        for (const [k, v] of Object.entries(saved)) {
          const cur = s[k];
          if (typeof cur === 'number') (s as Record<string, unknown>)[k] = Number(v);
          else if (cur && typeof v !== 'number' && v.length === cur.length) cur.set(v);
          else
            throw new RangeError(
              `${this.type}.loadState: slot ${p.name}.${k} has ${typeof v === 'number' ? 1 : v.length} values, the parameter has ${p.value.length}`,
            );
        }
        delete this.pending[p.name];
      }
      this.slots.set(p.value, s);
    }
    this.names.set(p.value, p.name);
    return s as S;
  }

  protected checkParam(p: Param): void {
    if (
      !p ||
      !(p.value instanceof Float32Array || p.value instanceof Float64Array) ||
      p.grad?.constructor !== p.value.constructor ||
      p.grad.length !== p.value.length
    ) {
      throw new TypeError(
        `${this.type}.step: parameter ${p?.name ?? '?'} needs value and grad arrays of one precision and length`,
      );
    }
  }

  state(): OptimizerState {
    const slots: OptimizerState['slots'] = { ...this.pending };
    for (const [value, s] of this.slots) {
      const copy: Record<string, FloatArray | number> = {};
      for (const [k, v] of Object.entries(s)) copy[k] = typeof v === 'number' ? v : v.slice();
      slots[this.names.get(value) as string] = copy;
    }
    return { type: this.type, lr: this.lr, slots };
  }

  /** Restores lr and per-parameter slots; slots are matched by parameter name at the next step. */
  loadState(state: OptimizerState): void {
    if (!state || state.type !== this.type) {
      throw new TypeError(`${this.type}.loadState: state is for ${JSON.stringify(state?.type)}, not ${this.type}`);
    }
    this.lr = state.lr;
    this.slots.clear();
    this.names.clear();
    this.pending = { ...state.slots };
  }
}
