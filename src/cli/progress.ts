// Progress display for `nnkit train`: a one-line bar redrawn in place on a TTY (at most 10 times a second), plain
// lines (one per epoch) otherwise.
import { pct } from '../format';
import type { Progress } from '../train/callbacks';

export function progressPrinter(
  out: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean; columns?: number },
): (p: Progress) => void {
  const tty = Boolean((out as NodeJS.WriteStream).isTTY);
  let last = 0;
  return (p) => {
    if (p.phase === 'epoch') {
      const r = p.record!;
      const line =
        `epoch ${pad(p.epoch, p.epochs)}/${p.epochs}  loss ${r.trainLoss.toFixed(4)}` +
        (r.trainAccuracy !== undefined ? `  acc ${pct(r.trainAccuracy, 2)}` : '') +
        (r.valLoss !== undefined ? `  val loss ${r.valLoss.toFixed(4)}` : '') +
        (r.valAccuracy !== undefined ? `  val acc ${pct(r.valAccuracy, 2)}` : '') +
        (r.valR2 !== undefined
          ? `  val R² ${r.valR2.toFixed(3)}  MAE ${r.valMAE!.toPrecision(4)}  RMSE ${r.valRMSE!.toPrecision(4)}`
          : '') +
        `  lr ${r.lr.toPrecision(3)}  ${Math.round(r.samplesPerSec)} samples/s  ${r.seconds.toFixed(1)} s`;
      out.write(tty ? `\r\x1b[K${line}\n` : `${line}\n`);
      return;
    }
    if (!tty) return;
    const now = Date.now();
    if (now - last < 100 && p.batch !== p.batches) return;
    last = now;
    const width = 24;
    const filled = Math.round((width * p.batch) / p.batches);
    const bar = '='.repeat(Math.max(0, filled - 1)) + (filled > 0 ? '>' : '') + ' '.repeat(width - filled);
    out.write(
      `\r\x1b[Kepoch ${pad(p.epoch, p.epochs)}/${p.epochs} [${bar}] ${pad(p.batch, p.batches)}/${p.batches}  loss ${p.loss.toFixed(4)}` +
        (p.accuracy !== undefined ? `  acc ${pct(p.accuracy, 2)}` : '') +
        `  ${Math.round(p.samplesPerSec)} samples/s  ETA ${eta(p.etaSeconds)}`,
    );
  };
}

function pad(n: number, of: number): string {
  return String(n).padStart(String(of).length);
}

function eta(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`;
}
