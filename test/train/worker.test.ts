// fit({ worker: true }): same result as in-process training, progress streamed, abort honoured, trained weights
// returned into the caller's model. The worker loads dist/ (compiled here first when missing).
import { beforeAll, describe, expect, it } from 'vitest';
import { standardize } from '../../src/data';
import { SGD } from '../../src/optim';
import type { Progress } from '../../src/train/callbacks';
import { Model } from '../../src/model';
import { Dense, Dropout, ReLU } from '../../src/nn';
import { compileDist } from '../helpers/dist';
import { blobs, mlp } from './fixtures';

// the worker runs the compiled package: compile it so it matches the sources under test
beforeAll(() => compileDist('train/worker-entry.js'), 120_000);

describe('fit in a worker thread', () => {
  it('gives the same weights and history as in-process training, and streams progress', async () => {
    const data = blobs(200, 1),
      val = blobs(60, 2);
    const opts = () => ({
      epochs: 3,
      batchSize: 20,
      seed: 3,
      schedule: 'cosine',
      validation: val,
      preprocess: standardize(),
      optimizer: new SGD({ lr: 0.1, momentum: 0.9, weightDecay: 5e-4 }),
    });
    const local = mlp();
    const hl = await local.fit(data, opts());
    const remote = mlp();
    const events: Progress[] = [];
    const o = opts();
    const hr = await remote.fit(data, { ...o, worker: true, onProgress: (p) => events.push(p) });
    expect(hr.batchLoss).toEqual(hl.batchLoss);
    expect(hr.epochs.map((e) => e.valAccuracy)).toEqual(hl.epochs.map((e) => e.valAccuracy));
    remote.parameters().forEach((p, i) => expect(p.value).toEqual(local.parameters()[i].value));
    remote.buffers().forEach((p, i) => expect(p.value).toEqual(local.buffers()[i].value));
    expect((await remote.predict(val.x)).data).toEqual((await local.predict(val.x)).data);
    expect(events.filter((e) => e.phase === 'batch').length).toBe(30);
    expect(events.filter((e) => e.phase === 'epoch').map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(Object.keys(o.optimizer.state().slots).length).toBeGreaterThan(0); // optimizer state came back
  });

  it("continues Dropout's mask stream in the worker and hands it back: same weights as in-process, twice in a row", async () => {
    const make = () =>
      new Model([
        new Dense(4, 16, { seed: 1 }),
        new ReLU(),
        new Dropout(0.3, { seed: 9 }),
        new Dense(16, 3, { seed: 2 }),
      ]);
    const data = blobs(120, 1),
      opts = { epochs: 2, batchSize: 20, seed: 3 };
    const local = make(),
      remote = make();
    for (let round = 0; round < 2; round++) {
      await local.fit(data, { ...opts, optimizer: new SGD({ lr: 0.1 }) });
      await remote.fit(data, { ...opts, worker: true, optimizer: new SGD({ lr: 0.1 }) });
      remote.parameters().forEach((p, i) => expect(p.value, `round ${round}`).toEqual(local.parameters()[i].value));
    }
  });

  it('stops on AbortSignal and refuses callbacks (they cannot cross threads)', async () => {
    const ac = new AbortController();
    const h = await mlp().fit(blobs(2000, 1), {
      epochs: 100,
      batchSize: 10,
      worker: true,
      signal: ac.signal,
      onProgress: (p) => {
        if (p.batch === 5) ac.abort(new Error('enough'));
      },
    });
    expect(h.stopped).toBe(true);
    expect(h.stopReason).toMatch(/aborted: enough/);
    expect(h.epochs.length).toBeLessThan(100);
    await expect(mlp().fit(blobs(20, 1), { worker: true, callbacks: {} })).rejects.toThrow(
      /callbacks run in-process only/,
    );
  });

  it("streams the babysitter's findings back to babysit.onFinding (functions cannot cross threads)", async () => {
    const found: string[] = [];
    const h = await mlp().fit(blobs(200, 1), {
      epochs: 5,
      batchSize: 20,
      worker: true,
      optimizer: new SGD({ lr: 50 }),
      babysit: { onFinding: (f) => found.push(f.id) },
    });
    expect(h.stopped).toBe(true);
    expect(
      found.some((id) => id === 'loss-explosion' || id === 'nan-loss'),
      found.join(', '),
    ).toBe(true);
  });
});
