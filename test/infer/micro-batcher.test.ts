// MicroBatcher: concurrent one-row predictions grouped into batches, each caller gets its own row (equal to the
// frozen model's own output for that row), a bad row fails only its own call, full batches run at once.
import { beforeEach, expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { MicroBatcher } from '../../src/infer/micro-batcher';
import { Model } from '../../src/model';
import { Dense, ReLU } from '../../src/nn';
import { describeEachBackend } from '../helpers/backends';
import { uniform } from '../helpers/random';

const model = () => new Model([new Dense(6, 5, { seed: 1 }), new ReLU(), new Dense(5, 3, { seed: 2 })]);
const row = (seed: number) => Array.from(uniform(6, seed));

describeEachBackend('micro-batcher', (b) => {
  beforeEach(() => {
    setBackend(b.name);
  });

  it('groups concurrent calls into one batch; each resolves with its own row', async () => {
    const frozen = model().freeze(),
      batcher = new MicroBatcher(frozen);
    const rows = Array.from({ length: 10 }, (_, i) => row(i + 1));
    const outs = await Promise.all(rows.map((r) => batcher.predict(r)));
    expect(batcher.counts).toEqual({ batches: 1, rows: 10 });
    // a batch of 10 and a single row may take different kernels (float rounding), hence closeness, not equality
    outs.forEach((o, i) => {
      const want = frozen.predictSync(rows[i]).data;
      o.forEach((v, j) => expect(v).toBeCloseTo(want[j], 5));
    });
  });

  it('a full batch runs at once: 10 calls with maxBatch 4 make batches of 4, 4, 2', async () => {
    const batcher = new MicroBatcher(model().freeze(), { maxBatch: 4, maxDelayMs: 5 });
    const calls = Array.from({ length: 10 }, (_, i) => batcher.predict(row(i)));
    expect(batcher.counts).toEqual({ batches: 2, rows: 8 }); // before any timer or immediate ran
    await Promise.all(calls);
    expect(batcher.counts).toEqual({ batches: 3, rows: 10 });
  });

  it('a bad row is rejected on its own; the others in the same turn are answered', async () => {
    const frozen = model().freeze(),
      batcher = new MicroBatcher(frozen);
    const results = await Promise.allSettled([
      batcher.predict(row(1)),
      batcher.predict([1, 2, 3]),
      batcher.predict([1, 2, NaN, 4, 5, 6]),
      batcher.predict(row(2)),
      batcher.predict([row(3), row(4)]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'rejected']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(
      /the model expects 6 features per row \(Dense\(6→5\)\), got 3 in row 0/,
    );
    expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/row 0, column 2: expected a finite number/);
    expect(String((results[4] as PromiseRejectedResult).reason)).toMatch(/expected one row of 6 values, got 2/);
    const second = (results[3] as PromiseFulfilledResult<Float32Array>).value;
    expect(Array.from(second)).toEqual(Array.from(frozen.predictSync(row(2)).data));
    expect(batcher.counts).toEqual({ batches: 1, rows: 2 });
  });

  it('rejects bad options by name', () => {
    expect(() => new MicroBatcher(model().freeze(), { maxBatch: 0 })).toThrow(/maxBatch must be a whole number ≥ 1/);
    expect(() => new MicroBatcher(model().freeze(), { maxDelayMs: -1 })).toThrow(/maxDelayMs must be a finite/);
  });
});
