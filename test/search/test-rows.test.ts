// The one split rule, followed through every consumer: a search (trials with a validation split, with k folds,
// subsampled), `nnkit train`'s validation curve (digits; a table file goes through src/tabular, whose test rows
// must be the same rows) and `nnkit check` never see the test rows of a dataset; only the final score does. Rows are recognised by their label (test/helpers/row-numbered-csv.ts), and
// what each consumer trains and validates on is recorded at Model.fit / Model.evaluate.
import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import { setBackend } from '../../src/backend';
import { main } from '../../src/cli';
import { dataRefFromName, loadByName } from '../../src/data/by-name';
import type { Dataset } from '../../src/data/dataset';
import { Model } from '../../src/model';
import { InProcessExecutor } from '../../src/search/executors/in-process';
import { runTrial } from '../../src/search/run-trial';
import { search } from '../../src/search/search';
import { readTable } from '../../src/tabular/table';
import { trainTable } from '../../src/tabular/train-table';
import { describeEachBackend } from '../helpers/backends';
import { rowNumberedCsv } from '../helpers/row-numbered-csv';

const ROWS = 60;
let file: string;
let testRows: Set<number>;

/** Rows seen by Model.fit (training and validation data) and by Model.evaluate while `body` runs. */
async function rowsSeen(body: () => Promise<unknown>): Promise<{ fit: Set<number>; evaluated: Set<number> }> {
  const fit = new Set<number>();
  const evaluated = new Set<number>();
  const add = (to: Set<number>, d: Dataset | undefined) => d?.y.forEach((r) => to.add(r));
  const realFit = Model.prototype.fit;
  const realEvaluate = Model.prototype.evaluate;
  vi.spyOn(Model.prototype, 'fit').mockImplementation(function (this: Model, train, opts = {}) {
    add(fit, train);
    add(fit, opts.validation);
    return realFit.call(this, train, opts);
  });
  vi.spyOn(Model.prototype, 'evaluate').mockImplementation(function (this: Model, data, opts) {
    add(evaluated, data);
    return realEvaluate.call(this, data, opts);
  });
  await body();
  return { fit, evaluated };
}

const overlap = (seen: Set<number>) => [...seen].filter((r) => testRows.has(r));

async function quiet(argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const code = await main(argv);
  return { code, out };
}

describeEachBackend('test rows stay unseen', (b) => {
  beforeAll(async () => {
    setBackend(b.name);
    file = rowNumberedCsv(ROWS);
    testRows = new Set((await loadByName(dataRefFromName(file))).test.y);
    expect(testRows.size).toBe(ROWS / 5);
  });
  afterEach(() => vi.restoreAllMocks());

  it('a search (validation split, k folds, subsampled stages) fits only on training rows', async () => {
    const { fit } = await rowsSeen(() =>
      search({
        space: { lr: { kind: 'log', lo: 1e-3, hi: 1e-2 } },
        data: { kind: 'csv', path: file },
        executor: new InProcessExecutor(runTrial),
        stages: [
          { trials: 2, epochs: 1, subsample: 0.5 },
          { trials: 1, epochs: 1, topK: 1 },
        ],
      }),
    );
    const folds = await rowsSeen(() =>
      runTrial({
        id: 'f',
        stage: 1,
        config: { hidden: 4 },
        seed: 1,
        epochs: 1,
        data: { kind: 'csv', path: file },
        folds: 3,
      }),
    );
    expect(fit.size).toBe(ROWS - testRows.size); // every training row, across the trials
    expect(overlap(fit)).toEqual([]);
    expect(folds.fit.size).toBe(ROWS - testRows.size);
    expect(overlap(folds.fit)).toEqual([]);
  });

  it('nnkit train on a table file (src/tabular): the same test rows, and validation rows apart from them', async () => {
    const r = await trainTable(await readTable(file), { epochs: 1, layers: [4], valSplit: 0.2 });
    const sorted = (rows: Iterable<number>) => [...rows].sort((x, y) => x - y);
    expect(sorted(r.split.test)).toEqual(sorted(testRows));
    expect(r.split.validation.length).toBeGreaterThan(0);
    expect(r.split.validation.filter((row) => testRows.has(row))).toEqual([]);
  });

  it('nnkit train on digits: the validation curve comes from the 1438 training rows (none with --val-split 0)', async () => {
    for (const [split, validationRows] of [
      ['0.2', 288],
      ['0', 0],
    ] as const) {
      const sizes: number[] = [];
      const realFit = Model.prototype.fit;
      vi.spyOn(Model.prototype, 'fit').mockImplementation(function (this: Model, train, opts = {}) {
        sizes.push(train.x.rows, opts.validation?.x.rows ?? 0);
        return realFit.call(this, train, opts);
      });
      await quiet(['train', '--epochs', '1', '--layers', '4', '--val-split', split]);
      vi.restoreAllMocks();
      expect(sizes).toEqual([1438 - validationRows, validationRows]);
    }
  });

  it('nnkit check: runs on the training rows only', async () => {
    const { out } = await quiet(['check', '--data', file, '--layers', '4']);
    expect(out).toContain(`(${ROWS - testRows.size} rows)`);
  });
});
