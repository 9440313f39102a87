// Search and check on a table file (src/tabular's typed path, as `nnkit train --data` reads it): trials and checks
// encode only the labelled rows outside the test set (the one split rule: the same test rows as by-name's
// numeric reading of the file), each trial's preprocessing is fitted on its own training rows, the winner is printed as
// a `nnkit train` command the table CLI takes, and what the table path cannot search is refused before any trial.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import { setBackend } from '../../src/backend';
import { dataRefFromName, loadByName } from '../../src/data/by-name';
import { InProcessExecutor } from '../../src/search/executors/in-process';
import { runTrial } from '../../src/search/run-trial';
import { search } from '../../src/search/search';
import { TabularPipeline } from '../../src/tabular/pipeline';
import type { Table } from '../../src/tabular/table';
import { describeEachBackend } from '../helpers/backends';
import { rowNumberedCsv } from '../helpers/row-numbered-csv';
import { runCli } from '../helpers/run-cli';

const ROWS = 60;
let file: string;
let testRows: Set<number>;

/** Rows `a, b, city, row, cls`: the row number is a column (dropped as ID-like), two classes by a rule on a, city. */
function classTable(n: number): string {
  const f = path.join(mkdtempSync(path.join(os.tmpdir(), 'nnkit-table-search-')), 'rows.csv');
  const lines = ['a,b,city,row,cls'];
  for (let i = 0; i < n; i++) {
    const city = ['north', 'south', 'east'][i % 3];
    lines.push(
      `${Math.sin(i)},${Math.cos(3 * i)},${city},${i},${Math.sin(i) + (city === 'north' ? 0.5 : 0) > 0 ? 'yes' : 'no'}`,
    );
  }
  writeFileSync(f, lines.join('\n'));
  return f;
}

/** Table rows encoded (TabularPipeline.dataset) and fitted on (TabularPipeline.fit) while `body` runs. */
async function rowsEncoded(body: () => Promise<unknown>): Promise<{ encoded: Set<number>; fitted: number[][] }> {
  const encoded = new Set<number>();
  const fitted: number[][] = [];
  const realDataset = TabularPipeline.prototype.dataset;
  const realFit = TabularPipeline.fit;
  vi.spyOn(TabularPipeline.prototype, 'dataset').mockImplementation(function (this: TabularPipeline, t: Table, rows) {
    rows?.forEach((r) => encoded.add(r));
    return realDataset.call(this, t, rows);
  });
  vi.spyOn(TabularPipeline, 'fit').mockImplementation((t, rows, schema) => {
    fitted.push([...rows]);
    return realFit.call(TabularPipeline, t, rows, schema);
  });
  await body();
  vi.restoreAllMocks();
  return { encoded, fitted };
}

const overlap = (rows: Iterable<number>) => [...rows].filter((r) => testRows.has(r));

describeEachBackend('search and check on a table file', (b) => {
  beforeAll(async () => {
    setBackend(b.name);
    file = classTable(ROWS);
    // by-name's test rows of a numeric file with as many rows, labelled by row number (the split depends on n only)
    testRows = new Set((await loadByName(dataRefFromName(rowNumberedCsv(ROWS)))).test.y);
    expect(testRows.size).toBe(ROWS / 5);
  });
  afterEach(() => vi.restoreAllMocks());

  it('trials (validation split, subsampled stages, k folds) encode only training rows, fitted per trial', async () => {
    const data = { kind: 'table' as const, path: file, label: 'cls' };
    const searched = await rowsEncoded(() =>
      search({
        space: { lr: { kind: 'log', lo: 1e-3, hi: 1e-2 } },
        data,
        executor: new InProcessExecutor(runTrial),
        stages: [
          { trials: 2, epochs: 1, subsample: 0.5 },
          { trials: 1, epochs: 1, topK: 1 },
        ],
      }),
    );
    expect(searched.encoded.size).toBe(ROWS - testRows.size);
    expect(overlap(searched.encoded)).toEqual([]);
    const folds = await rowsEncoded(async () => {
      const r = await runTrial({ id: 'f', stage: 1, config: { hidden: 4 }, seed: 1, epochs: 1, data, folds: 3 });
      expect(r.status).toBe('ok');
      expect(r.folds?.length).toBe(3);
    });
    expect(folds.encoded.size).toBe(ROWS - testRows.size);
    expect(overlap(folds.encoded)).toEqual([]);
    // one preprocessing fit per fold, each on 2/3 of the 48 training rows
    expect(folds.fitted.map((rows) => rows.length)).toEqual([32, 32, 32]);
  });

  it('nnkit search --data <table> --label prints a winner command that nnkit train takes', async () => {
    const r = await runCli([
      'search',
      '--data',
      file,
      '--label',
      'cls',
      '--trials',
      '2',
      '--epochs',
      '1',
      '--workers',
      '0',
    ]);
    expect(r.code).toBe(0);
    const command = /train it on the full training set:\n {2}nnkit (train .*)\n/.exec(r.out)?.[1];
    expect(command).toMatch(
      new RegExp(
        `^train --data ${file} --label cls --layers 100 --no-bn --optimizer adam --lr \\S+ --weight-decay \\S+ --epochs 1 --batch-size 32 --seed \\d+$`,
      ),
    );
    const train = await runCli([...command!.split(' '), '--json']);
    expect(train.code).toBe(0);
    expect(JSON.parse(train.out).testAccuracy).toBeGreaterThanOrEqual(0);
  });

  it('refuses a regression label and a hyperparameter the table recipe cannot take, before any trial', async () => {
    const regression = await runCli(['search', '--data', file, '--label', 'a', '--trials', '1', '--workers', '0']);
    expect(regression.code).toBe(1);
    expect(regression.err).toContain(
      `${file}: a search ranks trials by validation accuracy; label "a" is a regression target`,
    );
    const space = await runCli([
      'search',
      '--data',
      file,
      '--label',
      'cls',
      '--space',
      '{"dropout":["uniform",0,0.5]}',
    ]);
    expect(space.code).toBe(2);
    expect(space.err).toContain("'dropout' is not searchable on a table");
  });

  it('nnkit check --data <table> runs on the training rows, a binary label as one logit (init loss ln 2)', async () => {
    let seen: { encoded: Set<number> } = { encoded: new Set() };
    let r = { code: -1, out: '', err: '' };
    seen = await rowsEncoded(async () => {
      r = await runCli(['check', '--data', file, '--label', 'cls', '--json']);
    });
    expect(r.code).toBe(0);
    expect(overlap(seen.encoded)).toEqual([]);
    expect(seen.encoded.size).toBe(ROWS - testRows.size);
    const report = JSON.parse(r.out);
    expect(report.checks['init-loss'].expected).toBeCloseTo(Math.log(2), 6);
    expect(report.checks.gradcheck.passed).toBe(true);
  });
});
