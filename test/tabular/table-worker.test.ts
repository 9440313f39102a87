// trainTable({ worker: true }): the table trains in a worker thread, early stopping (best weights restored) included,
// to the same model as in-process training; what needs in-process training is refused with a clear error.
import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { fromRecords } from '../../src/data/records';
import { trainTable } from '../../src/tabular/train-table';
import { describeEachBackend } from '../helpers/backends';

function rows(n: number): Record<string, unknown>[] {
  let s = 11;
  const r = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: n }, () => {
    const x = 10 * r();
    const kind = ['a', 'b', 'c'][Math.floor(3 * r())];
    return { x, kind, y: x + (kind === 'a' ? 5 : 0) > 7 ? 'high' : 'low' };
  });
}

describeEachBackend('trainTable in a worker', (b) => {
  it('early-stops at the same epoch and predicts the same as in-process training', async () => {
    setBackend(b.name);
    const table = fromRecords(rows(240), { label: 'y' });
    const opts = { seed: 4, epochs: 400, earlyStopping: 3, lr: 0.01 };
    const here = await trainTable(table, opts);
    const there = await trainTable(table, { ...opts, worker: true });
    expect(here.stoppedEarly).toBe(true);
    expect(there.stoppedEarly).toBe(true);
    expect(there.history.epochs.length).toBeLessThan(400);
    expect(there.bestEpoch).toBe(here.bestEpoch);
    expect(there.history.epochs.map((e) => e.valLoss)).toEqual(here.history.epochs.map((e) => e.valLoss));
    expect(there.test).toEqual(here.test);
    const ask = [{ x: 6.5, kind: 'a' }];
    expect(await there.model.predictRows(ask)).toEqual(await here.model.predictRows(ask));
  });

  it('refuses classWeight in a worker, naming why', async () => {
    setBackend(b.name);
    await expect(
      trainTable(fromRecords(rows(60), { label: 'y' }), { worker: true, classWeight: 'balanced', epochs: 1 }),
    ).rejects.toThrow(/classWeight needs in-process training/);
  });
});
