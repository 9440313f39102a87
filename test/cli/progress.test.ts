// Progress display: a bar redrawn in place on a TTY, plain per-epoch lines otherwise.
import { describe, expect, it } from 'vitest';
import { progressPrinter } from '../../src/cli/progress';
import type { Progress } from '../../src/train/callbacks';

const batch = (b: number): Progress => ({
  phase: 'batch',
  epoch: 2,
  epochs: 10,
  batch: b,
  batches: 4,
  loss: 0.5,
  accuracy: 0.8,
  lr: 0.1,
  samplesPerSec: 1234,
  etaSeconds: 75,
});
const epoch: Progress = {
  phase: 'epoch',
  epoch: 2,
  epochs: 10,
  batch: 4,
  batches: 4,
  loss: 0.5,
  accuracy: 0.8,
  lr: 0.1,
  samplesPerSec: 1234,
  etaSeconds: 0,
  record: {
    epoch: 2,
    trainLoss: 0.5,
    trainAccuracy: 0.8,
    valLoss: 0.6,
    valAccuracy: 0.75,
    lr: 0.1,
    seconds: 1.5,
    samplesPerSec: 1234,
  },
};

describe('progressPrinter', () => {
  it('on a TTY: one line redrawn with \\r showing epoch, batch, loss, accuracy, samples/s and ETA', () => {
    let out = '';
    const p = progressPrinter({
      isTTY: true,
      write: (s: string) => {
        out += s;
      },
    });
    p(batch(4));
    expect(out).toBe(
      '\r\x1b[Kepoch  2/10 [=======================>] 4/4  loss 0.5000  acc 80.00 %  1234 samples/s  ETA 1m15s',
    );
    p(epoch);
    expect(
      out.endsWith(
        '\r\x1b[Kepoch  2/10  loss 0.5000  acc 80.00 %  val loss 0.6000  val acc 75.00 %  lr 0.100  1234 samples/s  1.5 s\n',
      ),
    ).toBe(true);
  });
  it('not a TTY: no bar, one plain line per epoch', () => {
    let out = '';
    const p = progressPrinter({
      isTTY: false,
      write: (s: string) => {
        out += s;
      },
    });
    p(batch(1));
    p(batch(2));
    p(epoch);
    expect(out).toBe(
      'epoch  2/10  loss 0.5000  acc 80.00 %  val loss 0.6000  val acc 75.00 %  lr 0.100  1234 samples/s  1.5 s\n',
    );
  });
});
