// The fitted preprocessing of a table: one encoder per kept feature column and the target's encoding, fitted on
// the training rows only, saved with the model (toJSON → the model file's "tabular" header), so a loaded model
// turns raw rows into inputs [N, width] exactly as in training. Columns are found by name in any table.
import type { Dataset } from '../data/dataset';
import { Tensor } from '../tensor';
import { isMissing } from './cells';
import {
  CategoricalEncoder,
  columnEncoderFromJSON,
  NumericEncoder,
  type ColumnEncoder,
  type ColumnEncoderJSON,
} from './column-encoders';
import type { ColumnKind } from './infer-columns';
import type { TableSchema } from './schema';
import type { Cell, Table } from './table';
import { ClassTarget, RegressionTarget, targetFromJSON, type Target, type TargetJSON, type Task } from './target';

export interface TabularPipelineJSON {
  kind: 'tabular';
  task: Task;
  /** Every feature column of the training table with its kind (ignored ones included, for the record). */
  columns: { name: string; kind: ColumnKind; reason: string }[];
  encoders: ColumnEncoderJSON[];
  target: TargetJSON;
}

export class TabularPipeline {
  readonly width: number;
  private constructor(
    readonly task: Task,
    readonly columns: TabularPipelineJSON['columns'],
    readonly encoders: ColumnEncoder[],
    readonly target: Target,
  ) {
    this.width = encoders.reduce((a, e) => a + e.width, 0);
  }

  /** Fits encoders and target on `table`'s rows `rows` (the training rows). */
  static fit(table: Table, rows: readonly number[], schema: TableSchema): TabularPipeline {
    const cellsOf = (j: number) => rows.map((r) => table.cell(r, j));
    // dense encoders first, embedding indices last: the layout CategoryEmbedding reads ([N, D + K])
    const dense: ColumnEncoder[] = [];
    const embedded: ColumnEncoder[] = [];
    for (const c of schema.columns) {
      if (c.kind === 'ignore') continue;
      if (c.kind === 'categorical') {
        const e = CategoricalEncoder.fit(c.name, cellsOf(c.index), schema.missing, schema.maxCategories, c.encoding);
        (e.embedded ? embedded : dense).push(e);
      } else dense.push(NumericEncoder.fit(c.name, c.kind, cellsOf(c.index), schema.missing, c.dateOrder));
    }
    const encoders = [...dense, ...embedded];
    const labels = cellsOf(schema.label);
    const where = (i: number) => table.where(rows[i]);
    const target =
      schema.task === 'classification'
        ? ClassTarget.fit(schema.labelName, labels)
        : RegressionTarget.fit(schema.labelName, labels, where);
    const columns = schema.columns.map(({ name, kind, reason }) => ({ name, kind, reason }));
    return new TabularPipeline(schema.task, columns, encoders, target);
  }

  /** Model inputs [N, width] for the rows of any table holding the feature columns (by name). */
  features(table: Table, rows: readonly number[] = allRows(table)): Tensor {
    const index = new Map(table.columns.map((c, j) => [c, j]));
    const source = this.encoders.map((e) => {
      const j = index.get(e.name);
      if (j === undefined)
        throw new Error(
          `${table.name}: the model needs column ${JSON.stringify(e.name)} (columns: ${table.columns.join(', ')})`,
        );
      return j;
    });
    const out = new Float32Array(rows.length * this.width);
    rows.forEach((r, i) => {
      let offset = i * this.width;
      this.encoders.forEach((e, k) => {
        e.encode(table.cell(r, source[k]), out, offset, () => `${table.where(r)}`);
        offset += e.width;
      });
    });
    return new Tensor(out, [rows.length, this.width]);
  }

  /** Encoded labels of rows: class indices (Int32Array) or standardized targets (Float32Array). */
  labels(table: Table, rows: readonly number[] = allRows(table)): Int32Array | Float32Array {
    const j = table.columns.indexOf(this.target.name);
    if (j < 0) throw new Error(`${table.name}: the label column ${JSON.stringify(this.target.name)} is missing`);
    const cells: Cell[] = rows.map((r) => table.cell(r, j));
    return this.target.encode(cells, (i) => table.where(rows[i]));
  }

  /** A Dataset (inputs and encoded labels) of rows, ready for fit / evaluate. */
  dataset(table: Table, rows: readonly number[] = allRows(table)): Dataset {
    const y = this.labels(table, rows);
    return {
      x: this.features(table, rows),
      y,
      name: table.name,
      ...(this.target instanceof ClassTarget ? { numClasses: this.target.classes.length } : {}),
    };
  }

  /** The categorical columns fed to a CategoryEmbedding (the last K input columns): slots per column. */
  embeddingCardinalities(): number[] {
    return this.encoders.flatMap((e) => (e instanceof CategoricalEncoder && e.embedded ? [e.slots] : []));
  }

  /** Names of the model's input columns, in order. */
  inputNames(): string[] {
    return this.encoders.flatMap((e) => e.outputNames());
  }

  toJSON(): TabularPipelineJSON {
    return {
      kind: 'tabular',
      task: this.task,
      columns: structuredClone(this.columns),
      encoders: this.encoders.map((e) => e.toJSON()),
      target: this.target.toJSON(),
    };
  }

  static fromJSON(j: TabularPipelineJSON): TabularPipeline {
    if (j?.kind !== 'tabular' || !Array.isArray(j.encoders) || !Array.isArray(j.columns))
      throw new Error('tabular preprocessing: expected { kind: "tabular", columns, encoders, target }');
    const target = targetFromJSON(j.target);
    if (target instanceof ClassTarget !== (j.task === 'classification'))
      throw new Error(`tabular preprocessing: task ${JSON.stringify(j.task)} does not match its target`);
    return new TabularPipeline(j.task, j.columns, j.encoders.map(columnEncoderFromJSON), target);
  }
}

/** Row indices of `table` whose label cell is present. */
export function rowsWithLabel(table: Table, label: number, missing: ReadonlySet<string>): number[] {
  const out: number[] = [];
  for (let i = 0; i < table.length; i++) if (!isMissing(table.cell(i, label), missing)) out.push(i);
  return out;
}

function allRows(table: Table): number[] {
  return Array.from({ length: table.length }, (_, i) => i);
}
