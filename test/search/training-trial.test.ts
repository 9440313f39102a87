// The real trial on the embedded digits: it learns, it aborts by the 3× rule, it is a pure function of its spec,
// and cross-validation averages its folds. Tiny models, few epochs.
import { beforeEach, describe, expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { runTrial } from '../../src/search/run-trial';
import { trainCommandLine } from '../../src/cli/train-command-line';
import { DEFAULT_SETTINGS, trainSettings } from '../../src/search/train-config';
import { settle, type TrialSpec } from '../../src/search/trial';
import { describeEachBackend } from '../helpers/backends';

const spec = (config: TrialSpec['config'], extra: Partial<TrialSpec> = {}): TrialSpec => ({
  id: 't',
  stage: 1,
  config,
  seed: 3,
  epochs: 4,
  data: { kind: 'digits' },
  ...extra,
});

describeEachBackend('training trial', (b) => {
  beforeEach(() => {
    setBackend(b.name);
  });

  it('a sensible configuration learns digits (> 90 % on held-out training rows)', async () => {
    const r = await runTrial(spec({ lr: 0.05, hidden: 32 }));
    expect(r.status).toBe('ok');
    expect(r.epochs).toBe(4);
    expect(r.valAccuracy).toBeGreaterThan(0.9);
  });

  it('the 3× rule: a huge learning rate is aborted early, with the numbers', async () => {
    const r = await runTrial(spec({ lr: 50, hidden: 32 }, { epochs: 5 }));
    expect(r.status).toBe('aborted');
    expect(r.valAccuracy).toBeNull();
    expect(r.epochs).toBeLessThan(5);
    const m = r.reason!.match(/loss rose from ([\d.e+-]+) to ([\d.e+-]+) \(/)!;
    expect(Number(m[2])).toBeGreaterThan(3 * Number(m[1]));
  });

  it('the same spec gives the same result; another seed, another', async () => {
    const a = await runTrial(spec({ lr: 0.02, hidden: 16, dropout: 0.2 }, { epochs: 2 }));
    const again = await runTrial(spec({ lr: 0.02, hidden: 16, dropout: 0.2 }, { epochs: 2 }));
    const other = await runTrial(spec({ lr: 0.02, hidden: 16, dropout: 0.2 }, { epochs: 2, seed: 4 }));
    expect(again.valAccuracy).toBe(a.valAccuracy);
    expect(other.valAccuracy).not.toBe(a.valAccuracy);
  });

  it('a CNN configuration (model) learns digits as images [1, 8, 8], also under k-fold', async () => {
    const r = await runTrial(spec({ model: 'conv8-bn-relu-pool,fc10', lr: 0.05 }, { epochs: 2 }));
    expect(r.status).toBe('ok');
    expect(r.valAccuracy).toBeGreaterThan(0.85); // chance is 0.1
    const cv = await runTrial(spec({ model: 'conv4-pool', lr: 0.05 }, { epochs: 1, folds: 2, subsample: 0.5 }));
    expect(cv.status).toBe('ok');
    expect(cv.folds).toHaveLength(2);
    const bad = await settle(runTrial)(spec({ model: 'conv8-pool9' }));
    expect(bad).toMatchObject({ status: 'failed', reason: expect.stringMatching(/config\.model .*pool9.* 8×8/) });
  });

  it('k-fold: k fold scores, their mean, k × epochs', async () => {
    const r = await runTrial(spec({ lr: 0.05, hidden: 16 }, { epochs: 2, folds: 3, subsample: 0.5 }));
    expect(r.status).toBe('ok');
    expect(r.folds).toHaveLength(3);
    expect(r.valAccuracy).toBeCloseTo(r.folds!.reduce((s, v) => s + v, 0) / 3, 12);
    expect(r.epochs).toBe(6);
  });
});

describe('configurations as training recipes', () => {
  it("maps names to settings, with nnkit train's defaults, aliases, and the nnkit train command", () => {
    const s = trainSettings({ lr: 0.05, reg: 1e-3, hidden: 64, depth: 2, bn: false, batchSize: 100 }, 'fashion-mnist');
    expect(s).toEqual({
      ...DEFAULT_SETTINGS,
      lr: 0.05,
      weightDecay: 1e-3,
      layers: [64, 64],
      bn: false,
      batchSize: 100,
    });
    expect(trainSettings({}, 'digits')).toMatchObject({
      layers: [256, 128],
      batchSize: 32,
      bn: true,
      schedule: 'cosine',
    });
    expect(trainSettings({}, 'fashion-mnist')).toMatchObject({ layers: [512, 256], batchSize: 128 });
    expect(trainSettings({ layers: '512,256' }).layers).toEqual([512, 256]);
    expect(trainCommandLine(s, 'fashion-mnist', 10, 7)).toBe(
      'nnkit train --data fashion-mnist --layers 64,64 --activation relu --no-bn ' +
        '--init he --optimizer sgd --lr 0.05 --momentum 0.9 --weight-decay 0.001 --schedule cosine --epochs 10 --batch-size 100 --seed 7',
    );
  });

  it('a CNN configuration: the model string, the optimizer settings, and nnkit train --model', () => {
    const s = trainSettings({ model: 'conv16-bn-relu-pool,fc10', lr: 0.02 }, 'fashion-mnist');
    expect(s).toMatchObject({ model: 'conv16-bn-relu-pool,fc10', lr: 0.02, batchSize: 128 });
    expect(trainCommandLine(s, 'fashion-mnist', 5, 1)).toBe(
      'nnkit train --data fashion-mnist --model conv16-bn-relu-pool,fc10 --optimizer sgd --lr 0.02 --momentum 0.9 ' +
        '--weight-decay 0.0005 --schedule cosine --epochs 5 --batch-size 128 --seed 1',
    );
    expect(() => trainSettings({ model: 'cnn', hidden: 64, bn: true })).toThrow(
      /config: hidden, bn are for the MLP; the CNN of config\.model/,
    );
    expect(() => trainSettings({ model: 3 })).toThrow(/config\.model must be "cnn" or an architecture string/);
  });

  it('bad configurations fail the trial with a message naming the key', async () => {
    expect(() => trainSettings({ learningRate: 0.1 })).toThrow(
      /unknown hyperparameter 'learningRate'; valid names: hidden, depth/,
    );
    expect(() => trainSettings({ lr: -1 })).toThrow(/config\.lr must be a number > 0, got -1/);
    expect(() => trainSettings({ activation: 'swish' })).toThrow(
      /config\.activation must be one of relu, sigmoid, tanh/,
    );
    const r = await settle(runTrial)(spec({ optimizer: 'lbfgs' }));
    expect(r).toMatchObject({
      status: 'failed',
      valAccuracy: null,
      reason: expect.stringMatching(/optimizer must be one of sgd, adam, rmsprop, got 'lbfgs'/),
    });
  });
});
