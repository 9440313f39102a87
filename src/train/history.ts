// What fit returns: one record per epoch, plus the per-batch loss curve.
import type { Finding } from '../babysit/findings';

export interface EpochRecord {
  /** 1-based. */
  epoch: number;
  /** Mean training loss over the epoch's batches (measured during training, in training mode). */
  trainLoss: number;
  /** Training accuracy over the epoch (classification only). */
  trainAccuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
  /** Regression on a table (tabular.trainTable): validation R², MAE and RMSE in the label's units. */
  valR2?: number;
  valMAE?: number;
  valRMSE?: number;
  /** Learning rate used in the epoch's last batch. */
  lr: number;
  /** Wall time of the epoch's training batches (validation excluded). */
  seconds: number;
  samplesPerSec: number;
}

export interface History {
  epochs: EpochRecord[];
  /** Training loss of every batch, in order. */
  batchLoss: number[];
  /** True when an AbortSignal or a callback stopped training early. */
  stopped: boolean;
  stopReason?: string;
  /** What the babysitter's monitors found (fit's `babysit` option, on by default). */
  findings?: Finding[];
}
