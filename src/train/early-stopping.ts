// Early stopping on the validation loss with restore of the best weights (Keras EarlyStopping with
// restore_best_weights): after every epoch with a validation loss, an improvement of more than `minDelta` keeps a
// copy of every parameter and buffer (BatchNorm running statistics too); `patience` epochs without one stop the
// run; at the end the best copy is written back, so the model is the one of the best validation epoch.
// Needs fit's `validation` data (epochs without a validation loss are not counted).
import type { Layer, Param } from '../nn/layer';
import type { Callbacks, TrainContext } from './callbacks';
import type { EpochRecord, History } from './history';

export interface EarlyStoppingOptions {
  /** Epochs without improvement before stopping (default 10). */
  patience?: number;
  /** Smallest decrease of the validation loss that counts as an improvement (default 0). */
  minDelta?: number;
}

export class EarlyStopping implements Callbacks {
  readonly patience: number;
  readonly minDelta: number;
  /** The epoch whose weights the model holds after training (undefined before any validation). */
  bestEpoch: number | undefined;
  bestLoss = Infinity;
  /** The reason it gave when it stopped the run (undefined while it has not). */
  stopReason: string | undefined;
  private best: Float32Array[] | Float64Array[] = [];
  private waited = 0;

  constructor(opts: EarlyStoppingOptions = {}) {
    this.patience = opts.patience ?? 10;
    this.minDelta = opts.minDelta ?? 0;
    if (!Number.isInteger(this.patience) || this.patience < 1)
      throw new RangeError(`earlyStopping: patience must be a whole number ≥ 1, got ${this.patience}`);
    if (!(this.minDelta >= 0)) throw new RangeError(`earlyStopping: minDelta must be ≥ 0, got ${this.minDelta}`);
  }

  onEpochEnd(ctx: TrainContext, record: EpochRecord): void {
    const loss = record.valLoss;
    if (loss === undefined || !Number.isFinite(loss)) return;
    if (loss < this.bestLoss - this.minDelta) {
      this.bestLoss = loss;
      this.bestEpoch = record.epoch;
      this.best = state(ctx.layers).map((p) => p.value.slice()) as Float32Array[];
      this.waited = 0;
    } else if (++this.waited >= this.patience) {
      this.stopReason = `early stopping: no validation-loss improvement for ${this.patience} epochs (best ${this.bestLoss.toPrecision(4)} at epoch ${this.bestEpoch})`;
      ctx.stop(this.stopReason);
    }
  }

  onTrainEnd(ctx: TrainContext, _history: History): void {
    if (this.best.length === 0) return;
    state(ctx.layers).forEach((p, i) => p.value.set(this.best[i]));
  }
}

function state(layers: readonly Layer[]): Param[] {
  return layers.flatMap((l) => [...l.parameters(), ...l.buffers()]);
}
