// The training loop: one step against gradient descent written out here, determinism, abort, yielding to the
// event loop, callbacks order, preprocessing fitted on train only, evaluate/predict, NaN stop, bad options.
import { describe, expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { standardize } from '../../src/data';
import { Model } from '../../src/model';
import { Dense } from '../../src/nn';
import { SGD } from '../../src/optim';
import { Tensor } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import { rng } from '../helpers/random';
import { blobs, mlp } from './fixtures';

describeEachBackend('fit', (b) => {
  it('one full-batch epoch equals one gradient-descent step computed by hand (MSE, linear model)', async () => {
    setBackend(b.name);
    const n = 5,
      d = 3;
    const r = rng(3);
    const x = Float32Array.from({ length: n * d }, () => r() - 0.5);
    const t = Float32Array.from({ length: n }, () => r());
    const model = new Model([new Dense(d, 1, { seed: 4 })]);
    const w0 = Float64Array.from(model.parameters()[0].value);
    const b0 = model.parameters()[1].value[0];
    const lr = 0.3;
    await model.fit(
      { x: new Tensor(x, [n, d]), y: t },
      { epochs: 1, batchSize: n, optimizer: new SGD({ lr }), loss: 'mean-squared-error' },
    );
    // L = (1/n) Σ (w·x_i + b − t_i)², dL/dw = (2/n) Σ e_i x_i, dL/db = (2/n) Σ e_i
    const gw = new Float64Array(d);
    let gb = 0;
    for (let i = 0; i < n; i++) {
      let e = b0 - t[i];
      for (let j = 0; j < d; j++) e += w0[j] * x[i * d + j];
      for (let j = 0; j < d; j++) gw[j] += (2 / n) * e * x[i * d + j];
      gb += (2 / n) * e;
    }
    const w1 = model.parameters()[0].value;
    for (let j = 0; j < d; j++) expect(w1[j]).toBeCloseTo(w0[j] - lr * gw[j], 5);
    expect(model.parameters()[1].value[0]).toBeCloseTo(b0 - lr * gb, 5);
  });

  it('learns separable blobs and is bit-for-bit reproducible with the same seed', async () => {
    setBackend(b.name);
    const data = blobs(300, 1);
    const run = async (seed: number) => {
      const m = mlp();
      const h = await m.fit(data, {
        epochs: 5,
        batchSize: 32,
        seed,
        optimizer: new SGD({ lr: 0.1, momentum: 0.9 }),
        preprocess: standardize(),
        schedule: 'cosine',
      });
      return { m, h };
    };
    const a = await run(7),
      c = await run(7),
      d = await run(8);
    expect(a.h.epochs.at(-1)!.trainAccuracy).toBeGreaterThan(0.95);
    expect(a.h.batchLoss).toEqual(c.h.batchLoss);
    a.m.parameters().forEach((p, i) => expect(p.value).toEqual(c.m.parameters()[i].value));
    expect(d.h.batchLoss).not.toEqual(a.h.batchLoss);
    expect(a.h.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(a.h.epochs[0].lr).toBeGreaterThan(a.h.epochs[4].lr);
    expect(a.h.batchLoss.length).toBe(5 * 10);
  });
});

describe('fit control', () => {
  it('stops cleanly between batches on AbortSignal', async () => {
    const ac = new AbortController();
    let batches = 0;
    const h = await mlp().fit(blobs(300, 1), {
      epochs: 50,
      batchSize: 10,
      callbacks: {
        onBatchEnd: () => {
          if (++batches === 7) ac.abort(new Error('user stop'));
        },
      },
      signal: ac.signal,
    });
    expect(h.stopped).toBe(true);
    expect(h.stopReason).toMatch(/aborted: user stop/);
    expect(h.batchLoss.length).toBe(7);
  });

  it('yields to the event loop between batches', async () => {
    // another task that needs one event-loop turn per run gets a turn per batch (225 batches)
    let turns = 0,
      running = true;
    const other = () => {
      turns++;
      if (running) setImmediate(other);
    };
    setImmediate(other);
    await mlp().fit(blobs(600, 1), { epochs: 3, batchSize: 8 });
    running = false;
    expect(turns).toBeGreaterThanOrEqual(225);
  });

  it('calls callbacks in order with loss, step and live params', async () => {
    const calls: string[] = [];
    let sawGrad = false;
    await mlp().fit(blobs(30, 1), {
      epochs: 2,
      batchSize: 15,
      callbacks: {
        onTrainStart: () => {
          calls.push('start');
        },
        onEpochStart: (ctx) => {
          calls.push(`epoch${ctx.epoch}`);
        },
        onBatchStart: (_c, b) => {
          calls.push(`b${b.batch}`);
        },
        onBeforeStep: (ctx, b) => {
          calls.push('step');
          sawGrad ||= ctx.params()[0].grad.some((g) => g !== 0) && b.loss! > 0;
        },
        onBatchEnd: (ctx, b) => {
          calls.push(`end@${ctx.step}`);
          expect(b.accuracy).toBeGreaterThanOrEqual(0);
        },
        onEpochEnd: (_c, r) => {
          calls.push(`rec${r.epoch}`);
        },
        onTrainEnd: (_c, h) => {
          calls.push(`done${h.epochs.length}`);
        },
      },
    });
    expect(calls).toEqual([
      'start',
      'epoch1',
      'b0',
      'step',
      'end@1',
      'b1',
      'step',
      'end@2',
      'rec1',
      'epoch2',
      'b0',
      'step',
      'end@3',
      'b1',
      'step',
      'end@4',
      'rec2',
      'done2',
    ]);
    expect(sawGrad).toBe(true);
  });

  it('a callback can stop training', async () => {
    const h = await mlp().fit(blobs(60, 1), {
      epochs: 10,
      batchSize: 10,
      callbacks: {
        onEpochEnd: (ctx) => {
          if (ctx.epoch === 2) ctx.stop('enough');
        },
      },
    });
    expect(h.epochs.length).toBe(2);
    expect(h.stopReason).toBe('enough');
  });

  it('stops with a reason when the loss becomes NaN instead of training on', async () => {
    const h = await mlp().fit(blobs(60, 1), { epochs: 5, batchSize: 10, optimizer: new SGD({ lr: 1e30 }) });
    expect(h.stopped).toBe(true);
    expect(h.stopReason).toMatch(/loss became (NaN|Infinity) at epoch \d+, batch \d+.*lower the learning rate/);
  });

  it('fits preprocessing on training data only and applies it in evaluate and predict', async () => {
    const train = blobs(90, 1);
    const test = blobs(30, 2);
    const m = mlp();
    const p = standardize();
    const h = await m.fit(train, { epochs: 3, batchSize: 30, preprocess: p, validation: test });
    expect(m.preprocessing).toBe(p);
    const ev = await m.evaluate(test);
    expect(ev.loss).toBeCloseTo(h.epochs[2].valLoss!, 6);
    expect(ev.accuracy).toBeCloseTo(h.epochs[2].valAccuracy!, 9);
    // predict on raw inputs equals a manual eval-mode forward of the preprocessed inputs
    const out = await m.predict(test.x, { batchSize: 7 });
    m.eval();
    const manual = m.forward(standardize().fit(train.x).transform(test.x), { training: false });
    expect(out.shape).toEqual([30, 3]);
    for (let i = 0; i < out.size; i++) expect(out.data[i]).toBeCloseTo(manual.data[i], 5);
  });

  it('rejects bad options and data with clear errors', async () => {
    const data = blobs(30, 1);
    await expect(mlp().fit(data, { epochs: 0 })).rejects.toThrow('fit: epochs must be a whole number ≥ 1, got 0');
    await expect(mlp().fit(data, { batchSize: 2.5 })).rejects.toThrow(/batchSize must be a whole number/);
    await expect(mlp().fit(data, { schedule: 'zigzag' })).rejects.toThrow(
      /unknown schedule "zigzag"; valid: constant, step/,
    );
    await expect(mlp().fit(data, { loss: 'hinge' })).rejects.toThrow(/unknown loss "hinge"/);
    await expect(mlp().fit({ ...data, y: data.y.subarray(0, 5) })).rejects.toThrow(/x has 30 rows but y has 5 targets/);
    await expect(mlp().fit({ ...data, y: Int32Array.from(data.y, () => 7) }, {})).rejects.toThrow(
      /label 7 at row 0 is outside 0..2/,
    );
    const wrongWidth = { x: new Tensor(new Float32Array(30 * 5), [30, 5]), y: data.y, numClasses: 3 };
    await expect(mlp().fit(wrongWidth)).rejects.toThrow(/Dense\(4→16\)/);
  });
});
