// The live babysitter on real training runs (digits, small models, few epochs): each injected fault is diagnosed
// with its id; a healthy run raises no warn/error finding; watching does not change what is trained.
import { beforeAll, expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { atLeast, type Finding } from '../../src/babysit/findings';
import { Babysitter } from '../../src/babysit/monitor';
import type { Dataset } from '../../src/data/dataset';
import { subset } from '../../src/data/dataset';
import { Model } from '../../src/model';
import { BatchNorm, Dense, Dropout, ReLU } from '../../src/nn';
import type { Chain } from '../../src/nn';
import { SGD } from '../../src/optim/sgd';
import type { FitOptions } from '../../src/train/trainer';
import { describeEachBackend } from '../helpers/backends';
import { digits, mlp } from './model-faults';

const ids = (fs: Finding[]) => fs.map((f) => f.id);

describeEachBackend('Babysitter (live monitors during fit)', (b) => {
  let train: Dataset, validation: Dataset;
  beforeAll(async () => {
    setBackend(b.name);
    ({ train, validation } = await digits());
  });

  async function watch(net: Chain, opts: FitOptions, data = train) {
    const sitter = new Babysitter();
    const live: Finding[] = [];
    const model = new Model(net.layers);
    const history = await model.fit(data, {
      validation,
      epochs: 2,
      ...opts,
      babysit: { onFinding: (f) => live.push(f) },
      callbacks: [sitter],
    });
    expect(history.findings).toEqual(live); // fit's own babysitter (on by default) reports into history
    expect(ids(live)).toEqual(ids(sitter.findings)); // the live stream and the collected list agree
    return { findings: sitter.findings, history, sitter };
  }

  it('a healthy run: no warn/error finding (no false alarms)', async () => {
    const { findings, history, sitter } = await watch(mlp([64], 'relu', 'he'), { epochs: 4 });
    expect(atLeast(findings, 'warn')).toEqual([]);
    expect(history.epochs[3].valAccuracy).toBeGreaterThan(0.9);
    // update ratios were measured and sit in the lecture's healthy band
    for (const r of sitter.medianRatios()) {
      expect(r.ratio).toBeGreaterThan(1e-4);
      expect(r.ratio).toBeLessThan(1e-2);
    }
  });

  it('lr 10: the loss explodes, training stops early with loss-explosion (or nan-loss)', async () => {
    const { findings, history } = await watch(mlp([64], 'relu', 'he'), {
      optimizer: new SGD({ lr: 10, momentum: 0.9 }),
    });
    expect(history.stopped).toBe(true);
    expect(history.batchLoss.length).toBeLessThan(20);
    const f = findings.find((x) => x.id === 'loss-explosion' || x.id === 'nan-loss')!;
    expect(f.severity).toBe('error');
    expect(f.message).toMatch(/the learning rate 10 is too high; try 1e-2 or run with --lr auto/);
  });

  it("lr 1e-6: lr-too-low, naming the schedule's peak rate (a cosine schedule ends near 0)", async () => {
    const { findings } = await watch(mlp([64], 'relu', 'he'), {
      optimizer: new SGD({ lr: 1e-6, momentum: 0.9 }),
      schedule: 'cosine',
    });
    expect(ids(findings)).toContain('lr-too-low');
    expect(findings.find((f) => f.id === 'lr-too-low')!.message).toMatch(/1e-6 is too low/);
  });

  it('zero init: symmetric-init, reported as the cause (no lr or underfitting noise)', async () => {
    const { findings } = await watch(mlp([32], 'relu', 'zeros', 1, 'zeros'), {});
    expect(ids(findings)).toEqual(['symmetric-init']);
  });

  it('unit-normal init in a 3-layer tanh net: saturation', async () => {
    const { findings } = await watch(mlp([64, 64], 'tanh', 'unit-normal', 1, 'unit-normal'), { epochs: 1 });
    expect(ids(findings)).toContain('saturation');
  });

  it('small-normal init in a deep net: vanishing-activations', async () => {
    const { findings } = await watch(mlp([32, 32, 32, 32, 32], 'tanh', 'small-normal'), { epochs: 1 });
    expect(ids(findings)).toContain('vanishing-activations');
  });

  it('a big model on 50 samples: overfitting', async () => {
    const fifty = subset(
      train,
      Array.from({ length: 50 }, (_, i) => i),
    );
    const { findings } = await watch(mlp([128], 'relu', 'he'), { epochs: 20, batchSize: 10 }, fifty);
    expect(ids(findings)).toContain('overfitting');
  });

  it('a tiny model (one hidden unit): underfitting', async () => {
    const tiny = new Model([new Dense(64, 1, { seed: 1 }), new ReLU(), new Dense(1, 10, { init: 'xavier', seed: 2 })]);
    const { findings } = await watch(tiny, { epochs: 3 });
    expect(ids(findings)).toContain('underfitting');
  });

  it('watching does not change what is trained', async () => {
    // BatchNorm (running estimates) and Dropout (its random stream) are the state a probe could disturb
    const net = () =>
      new Model([
        new Dense(64, 32, { seed: 7 }),
        new BatchNorm(32),
        new ReLU(),
        new Dropout(0.2, { seed: 8 }),
        new Dense(32, 10, { init: 'xavier', seed: 9 }),
      ]);
    const a = net(),
      c = net();
    await a.fit(train, { epochs: 1, babysit: false });
    await c.fit(train, { epochs: 1, callbacks: [new Babysitter({ ratioEvery: 1 })] });
    a.parameters().forEach((p, i) => expect(c.parameters()[i].value).toEqual(p.value));
    a.buffers().forEach((p, i) => expect(c.buffers()[i].value).toEqual(p.value));
  });

  it('is on by default in fit: history.findings; babysit: false turns it off', async () => {
    const on = await new Model(mlp([32], 'relu', 'he').layers).fit(train, {
      epochs: 1,
      optimizer: new SGD({ lr: 10, momentum: 0.9 }),
    });
    expect(on.stopped).toBe(true);
    expect(on.findings!.map((f) => f.id)).toContain('loss-explosion');
    const off = await new Model(mlp([32], 'relu', 'zeros', 1, 'zeros').layers).fit(train, {
      epochs: 1,
      babysit: false,
    });
    expect(off.findings).toBeUndefined();
  });

  it('a resumed run keeps the 3x rule against the first loss of the whole run', () => {
    const ctx = {
      layers: [],
      probe: train.x.sliceRows(0, 8),
      history: { epochs: [], batchLoss: [2.3, 0.1], stopped: false },
      step: 2,
      stop: (r: string) => {
        stopped = r;
      },
    } as never;
    let stopped: string | undefined;
    const sitter = new Babysitter();
    sitter.onTrainStart(ctx);
    sitter.onBatchEnd(ctx, { epoch: 2, batch: 0, step: 2, size: 8, lr: 0.1, loss: 0.5 });
    expect(stopped).toBeUndefined(); // 0.5 < 3 × 2.3, though > 3 × 0.1
    sitter.onBatchEnd(ctx, { epoch: 2, batch: 1, step: 3, size: 8, lr: 0.1, loss: 20 });
    // smoothed: m = 0.8·(0.2·0.5) + 0.2·20 = 4.08, s = m / (1 − 0.8²) = 11.3 > 3 × 2.3
    expect(stopped).toMatch(/loss rose from 2\.30 to 11 \(4\.9x the initial\) by step 2/);
  });

  it('one noisy batch in a low-loss run (fine-tuning) does not stop it; a sustained rise does', () => {
    let stopped: string | undefined;
    const ctx = {
      layers: [],
      probe: train.x.sliceRows(0, 8),
      history: { epochs: [], batchLoss: [], stopped: false },
      step: 0,
      stop: (r: string) => {
        stopped ??= r;
      },
    } as never;
    const sitter = new Babysitter();
    sitter.onTrainStart(ctx);
    const feed = (losses: number[]) =>
      losses.forEach((loss, i) => sitter.onBatchEnd(ctx, { epoch: 1, batch: i, step: i, size: 8, lr: 0.01, loss }));
    feed([0.1, 0.1, 0.1, 0.1, 0.1, 0.5, 0.1, 0.1]); // one batch at 5× the first
    expect(stopped).toBeUndefined();
    feed([0.6, 0.6, 0.6, 0.6, 0.6]);
    expect(stopped).toMatch(/\(3\.\dx the initial\)/);
  });

  it('rejects a bad ratioEvery, naming it', () => {
    expect(() => new Babysitter({ ratioEvery: 0 })).toThrow(/Babysitter: ratioEvery must be a whole number ≥ 1, got 0/);
  });
});
