// Rows as a Node service has them (arrays of plain objects from code or a database driver) → a typed table, the
// same path as a CSV file: columns typed by inference (or `columns`), preprocessing fitted on the training rows by
// tabular.trainTable. The options given here (label, task, columns, …) travel with the table as trainTable's
// defaults, and are checked now (a label that is not a column fails here, naming the columns).
import { inferSchema, type TabularOptions } from '../tabular/schema';
import { tableFromRecords, type Table } from '../tabular/table';

export interface RecordsTable extends Table {
  options: TabularOptions;
}

/** `data.fromRecords(rows, { label: 'price' })` → a table for `tabular.trainTable(table)`. */
export function fromRecords(
  rows: readonly Record<string, unknown>[],
  options: TabularOptions & { name?: string } = {},
): RecordsTable {
  const { name = 'records', ...tabularOptions } = options;
  const table = tableFromRecords(rows, name);
  inferSchema(table, tabularOptions);
  return Object.assign(table, { options: tabularOptions });
}
