// The live report (`nnkit train --report r.html`): a training callback that rewrites the report after every epoch,
// atomically (written to a temporary file beside it, then renamed over it: a browser or a reader never sees half a
// file), as a page that reloads itself every `seconds` while the run lasts. The caller writes the final report (no
// reload) when training ends.
import { renameSync, writeFileSync } from 'node:fs';
import type { Callbacks, TrainContext } from '../train/callbacks';
import { renderReport, type ReportData } from './html';

/** Writes `text` to `path` in one step: a temporary file in the same folder, renamed over `path`. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export class LiveReport implements Callbacks {
  /** `data(ctx)`: the report as it stands (the epochs so far are in ctx.history). */
  constructor(
    private readonly path: string,
    private readonly data: (ctx: TrainContext) => ReportData,
    private readonly seconds = 2,
  ) {}

  onTrainStart(ctx: TrainContext): void {
    this.write(ctx, `training: epoch 1 of ${ctx.epochs} under way`);
  }

  onEpochEnd(ctx: TrainContext): void {
    this.write(ctx, `training: epoch ${ctx.epoch} of ${ctx.epochs} done`);
  }

  private write(ctx: TrainContext, status: string): void {
    writeFileAtomic(this.path, renderReport({ ...this.data(ctx), live: { seconds: this.seconds, status } }));
  }
}
