// Datasets by name — digits, fashion-mnist or a CSV file — as `nnkit train`, `nnkit check` and the search name
// them, with ONE split rule: `loadByName` returns the training rows and the test rows, and the test rows are only
// ever scored once, at the end of `nnkit train`. Search trials, `nnkit check` and the validation curve see the
// training rows only (the search and the validation curve hold out their validation rows from them).
//   digits         its seeded 80/20 split (loadDigits)
//   fashion-mnist  the published 60k/10k split (loadFashionMNIST)
//   a CSV file     a seeded shuffle, the first CSV_TEST_FRACTION of it is the test set (seed CSV_SPLIT_SEED)
import { loadCSV } from './csv';
import type { Dataset, TrainTest } from './dataset';
import { loadDigits } from './digits';
import { loadFashionMNIST } from './fashion-mnist';
import { trainValidationSplit } from './split';

/** A dataset by reference: plain JSON, so that a search can send it to workers that load the data themselves. */
export type DatasetRef =
  | { kind: 'digits' }
  | { kind: 'fashion-mnist'; dir?: string }
  | { kind: 'csv'; path: string; labelColumn?: number | string; task?: 'classification' | 'regression' };

export const CSV_TEST_FRACTION = 0.2;
export const CSV_SPLIT_SEED = 0;

export interface DataNameOptions {
  /** fashion-mnist: the directory holding its four files. */
  dir?: string;
  /** CSV: the label column, an index ("3", "-1") or a header name. */
  label?: string;
  /** CSV: the task (default classification). */
  task?: 'classification' | 'regression';
}

/** The reference a name stands for: "digits", "fashion-mnist" or a path ending in .csv or .csv.gz. */
export function dataRefFromName(name: string, o: DataNameOptions = {}): DatasetRef {
  if (name === 'digits') return { kind: 'digits' };
  if (name === 'fashion-mnist')
    return o.dir === undefined ? { kind: 'fashion-mnist' } : { kind: 'fashion-mnist', dir: o.dir };
  if (!/\.csv(\.gz)?$/i.test(name))
    throw new RangeError(`data must be digits, fashion-mnist or a .csv file, got ${JSON.stringify(name)}`);
  const ref: DatasetRef = { kind: 'csv', path: name };
  if (o.label !== undefined) ref.labelColumn = /^-?\d+$/.test(o.label) ? Number(o.label) : o.label;
  if (o.task !== undefined) ref.task = o.task;
  return ref;
}

/** The name a reference was made from (what `nnkit train --data` takes). */
export function dataName(ref: DatasetRef): string {
  return ref.kind === 'csv' ? ref.path : ref.kind;
}

/** The training rows and the test rows of a dataset reference. */
export async function loadByName(ref: DatasetRef): Promise<TrainTest> {
  switch (ref.kind) {
    case 'digits':
      return loadDigits();
    case 'fashion-mnist':
      return loadFashionMNIST(ref.dir);
    case 'csv':
      return loadCsvSplit(ref);
    default:
      throw new RangeError(
        `data kind must be digits, fashion-mnist or csv, got ${JSON.stringify((ref as { kind: unknown }).kind)}`,
      );
  }
}

/** The training rows only: all that a search trial, `nnkit check` or a validation curve may see. */
export async function loadTrainingRows(ref: DatasetRef): Promise<Dataset> {
  return (await loadByName(ref)).train;
}

async function loadCsvSplit(ref: Extract<DatasetRef, { kind: 'csv' }>): Promise<TrainTest> {
  const all = await loadCSV(ref.path, { labelColumn: ref.labelColumn, task: ref.task ?? 'classification' });
  if (all.x.rows < 10) throw new RangeError(`${ref.path}: ${all.x.rows} rows are too few to split into train and test`);
  const { train, validation: test } = trainValidationSplit(all, CSV_TEST_FRACTION, CSV_SPLIT_SEED);
  return { train: { ...train, name: ref.path }, test: { ...test, name: ref.path } };
}
