// Issue #21 item 11: fit({ worker: true, signal }) with an already-aborted signal trained 2 batches (in-process: 0),
// and two worker-mode fits of one model raced (the later one's weights silently won). Now: 0 batches in both modes,
// and a second fit of a model while one runs is refused, in both modes. Worker mode runs the compiled dist/.
import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { describeEachBackend } from '../helpers/backends';
import { blobs, mlp } from '../train/fixtures';

describeEachBackend('fit: abort before start, one fit at a time', (b) => {
  for (const worker of [false, true]) {
    const mode = worker ? 'worker' : 'in-process';

    it(`${mode}: an already-aborted signal trains no batch and leaves the weights`, async () => {
      setBackend(b.name);
      const m = mlp();
      const before = m.parameters().map((p) => Float32Array.from(p.value));
      const ac = new AbortController();
      ac.abort(new Error('not now'));
      const h = await m.fit(blobs(300, 1), { epochs: 2, batchSize: 16, signal: ac.signal, worker });
      expect(h.batchLoss).toEqual([]);
      expect(h.epochs).toEqual([]);
      expect(h.stopped).toBe(true);
      expect(h.stopReason).toMatch(/aborted: not now/);
      m.parameters().forEach((p, i) => expect(p.value).toEqual(before[i]));
    });

    it(`${mode}: a second fit of the same model while the first runs is refused; the first completes`, async () => {
      setBackend(b.name);
      const m = mlp();
      const data = blobs(300, 1);
      const first = m.fit(data, { epochs: 2, batchSize: 16, worker });
      await expect(m.fit(data, { epochs: 2, batchSize: 16, worker })).rejects.toThrow(/already training/);
      await expect(m.fit(data, { epochs: 2, batchSize: 16, worker: !worker })).rejects.toThrow(/already training/);
      const h = await first;
      expect(h.epochs.length).toBe(2);
      const again = await m.fit(data, { epochs: 1, batchSize: 16, worker }); // free again once it finished
      expect(again.epochs.length).toBe(1);
    });
  }
});
