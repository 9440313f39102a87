// A table model's fitted preprocessing (model.tabular) in the graph, so the exported model takes raw table columns
// as predictRows does. Graph inputs:
//   "input"   float [batch, K]: the numeric columns, in metadata_props input_columns order, NaN for a missing cell
//   <column>  string [batch, 1] per categorical or boolean column (trimmed cell text; export-text-columns.ts)
//   <column>  double [batch, 1] per date column: milliseconds since 1970 UTC, NaN = missing (export-date-parts.ts)
// (metadata_props column_inputs lists the last two as [{ name, type: "string" | "date-ms" }]). Then, as nnkit's
// encoders (src/tabular/column-encoders.ts):
//   parts   = Concat(numeric columns, boolean values, date parts − mean (in float64, then float32))  [batch, P]
//   filled  = Where(IsNaN(parts), median, parts);  z = (filled − mean) / std   per part (mean in two float32 parts,
//             see GraphBuilder.subtract)
//   row     = Gather(Concat(z, Cast(IsNaN(parts)), categorical blocks), order): each column's parts, its
//             was-missing indicator when it has one, its one-hot or embedding index, in the model's column order
// and, for regression, turns the standardized output back to the label's units: y = z·std + mean.
import type { NumericJSON } from '../tabular/column-encoders';
import type { TabularPipelineJSON } from '../tabular/pipeline';
import { datePartsNodes } from './export-date-parts';
import { booleanPart, categoricalBlock } from './export-text-columns';
import { DATA_TYPE } from './schema';
import { attr, type GraphBuilder } from './graph-builder';

export interface ColumnInput {
  name: string;
  type: 'string' | 'date-ms';
}

const isNumber = (e: TabularPipelineJSON['encoders'][number]): boolean => e.type === 'numeric' && e.kind === 'numeric';
const numberColumns = (p: TabularPipelineJSON) => p.encoders.filter(isNumber) as NumericJSON[];

/** The numeric columns the graph's main input takes, in order. */
export function tabularInputColumns(p: TabularPipelineJSON): string[] {
  return numberColumns(p).map((e) => e.name);
}

/** The graph's other inputs: one per categorical, boolean or date column. */
export function tabularColumnInputs(p: TabularPipelineJSON): ColumnInput[] {
  return p.encoders
    .filter((e) => !isNumber(e))
    .map((e) => ({ name: e.name, type: e.type === 'numeric' && e.kind === 'date' ? 'date-ms' : 'string' }));
}

interface Part {
  median: number;
  mean: number;
  std: number;
}

export function exportTabularInputs(p: TabularPipelineJSON, g: GraphBuilder): void {
  const sources: string[] = [],
    parts: Part[] = [],
    blocks: string[] = [];
  const numeric = numberColumns(p);
  if (numeric.length) {
    sources.push(g.current);
    numeric.forEach((c) => parts.push(partOf(c, 0)));
  }
  const firstPart = new Map<string, number>(numeric.map((c, k) => [c.name, k]));
  for (const e of p.encoders) {
    if (isNumber(e)) continue;
    const x = g.input(e.name, e.type === 'numeric' && e.kind === 'date' ? DATA_TYPE.DOUBLE : DATA_TYPE.STRING);
    const base = `column${g.extraInputs.length}`;
    if (e.type === 'categorical') {
      blocks.push(categoricalBlock(g, e, x, base));
      continue;
    }
    firstPart.set(e.name, parts.length);
    sources.push(e.kind === 'date' ? centeredDateParts(g, e, x, base) : booleanPart(g, e.missing, x, base));
    // date parts arrive centered (mean 0), their median shifted alike
    e.median.forEach((m, j) =>
      parts.push(e.kind === 'date' ? { median: m - e.mean[j], mean: 0, std: e.std[j] } : partOf(e, j)),
    );
  }
  const pieces = [...(parts.length ? standardizedParts(g, sources, parts) : []), ...blocks];
  g.current = pieces.length > 1 ? g.node('Concat', 'tabular_columns', pieces, [attr.int('axis', 1)]) : pieces[0];
  const order = columnOrder(p, parts.length, firstPart);
  g.apply('Gather', 'tabular_inputs', [g.int64s('tabular.order', order)], [attr.int('axis', 1)], order.length);
}

const partOf = (e: NumericJSON, j: number): Part => ({ median: e.median[j], mean: e.mean[j], std: e.std[j] });

/** The six parts of a date column minus their means, in float64, as float32 [batch, 6]. */
function centeredDateParts(g: GraphBuilder, e: NumericJSON, ms: string, base: string): string {
  const centered = g.node('Sub', `${base}_centered`, [
    datePartsNodes(g, ms, base),
    g.doubles(`${base}.mean`, [6], e.mean),
  ]);
  return g.node('Cast', `${base}_float`, [centered], [attr.int('to', DATA_TYPE.FLOAT)]);
}

/** [z, Cast(IsNaN(parts))], each [batch, P], from the sources' parts. */
function standardizedParts(g: GraphBuilder, sources: string[], parts: Part[]): [string, string] {
  const P = parts.length;
  const stat = (name: string, pick: (c: Part) => number) => g.floats(`tabular.${name}`, [P], parts.map(pick));
  g.current = sources.length > 1 ? g.node('Concat', 'tabular_parts', sources, [attr.int('axis', 1)]) : sources[0];
  const isMissing = g.node('IsNaN', 'tabular_missing', [g.current]);
  g.current = g.node('Where', 'tabular_imputed', [isMissing, stat('median', (c) => c.median), g.current]);
  g.subtract(
    'tabular_centered',
    [P],
    parts.map((c) => c.mean),
  );
  g.apply('Div', 'tabular_standardized', [stat('std', (c) => c.std)], [], P);
  return [g.current, g.node('Cast', 'tabular_indicators', [isMissing], [attr.int('to', DATA_TYPE.FLOAT)])];
}

/** Where each model input column is in Concat(z [P], indicators [P], categorical blocks in column order) (no z
 *  and indicators when P = 0): each column's parts, then its indicator, or its block, in the model's order. */
function columnOrder(p: TabularPipelineJSON, P: number, firstPart: Map<string, number>): number[] {
  let blockStart = 2 * P;
  return p.encoders.flatMap((e) => {
    if (e.type === 'categorical') {
      const width = e.encoding === 'embedding' ? 1 : e.categories.length + (e.missingSlot ? 1 : 0) + 1;
      blockStart += width;
      return Array.from({ length: width }, (_, i) => blockStart - width + i);
    }
    const first = firstPart.get(e.name) as number;
    const own = e.median.map((_, j) => first + j);
    return e.indicator ? [...own, P + first] : own;
  });
}

/** Regression outputs back to the label's units (y = z·std + mean); class names for classification. */
export function exportTabularTarget(p: TabularPipelineJSON, g: GraphBuilder): void {
  if (p.target.type !== 'standardized') return;
  g.apply('Mul', 'target_scaled', [g.floats('tabular.target_std', [1], [p.target.std])]);
  g.apply('Add', 'target', [g.floats('tabular.target_mean', [1], [p.target.mean])]);
}
