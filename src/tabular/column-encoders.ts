// One fitted encoder per feature column: cells of a table → a slice of the model's input row. Fitted on the
// training rows only; saved as JSON with the model (toJSON / columnEncoderFromJSON).
//   numeric / boolean / date  k parts per cell (1, or the 6 date parts); a missing cell takes each part's median and,
//                             when the training rows had missing cells, a was-missing indicator column gets 1;
//                             then (v − mean) / std per part (population std, fitted after imputation; < 1e-8 → 1)
//   categorical               slots: the most frequent categories (≤ maxCategories), a "missing" slot when the
//                             training rows had missing cells, and an "other" slot for rare and unseen values;
//                             one-hot over the slots, or (encoding 'embedding') one column holding the slot index
//                             for the model's CategoryEmbedding layer
import { cellBoolean, cellDate, cellNumber, cellText, DATE_PARTS, dateParts, isMissing, type DateOrder } from './cells';
import type { Cell } from './table';

export interface ColumnEncoder {
  readonly name: string;
  /** Input columns this encoder writes. */
  readonly width: number;
  /** Names of those input columns ("price", "price (missing)", "color=red", "date.year"). */
  outputNames(): string[];
  /** Writes the encoding of `cell` at out[offset … offset + width); `where` names the row in errors. */
  encode(cell: Cell, out: Float32Array, offset: number, where: () => string): void;
  toJSON(): ColumnEncoderJSON;
}

export type NumericKind = 'numeric' | 'boolean' | 'date';

export interface NumericJSON {
  type: 'numeric';
  name: string;
  kind: NumericKind;
  dateOrder?: DateOrder;
  median: number[];
  mean: number[];
  std: number[];
  indicator: boolean;
  missing: string[];
}

export interface CategoricalJSON {
  type: 'categorical';
  name: string;
  categories: string[];
  missingSlot: boolean;
  missing: string[];
  /** Default 'one-hot'. */
  encoding?: 'one-hot' | 'embedding';
}

export type ColumnEncoderJSON = NumericJSON | CategoricalJSON;

/** Numbers, booleans and dates: parts per cell, median imputation with an indicator, standardization. */
export class NumericEncoder implements ColumnEncoder {
  private readonly missingSet: Set<string>;
  constructor(private readonly s: NumericJSON) {
    this.missingSet = new Set(s.missing);
  }

  get name(): string {
    return this.s.name;
  }

  get width(): number {
    return this.s.median.length + (this.s.indicator ? 1 : 0);
  }

  static fit(
    name: string,
    kind: NumericKind,
    cells: Cell[],
    missing: ReadonlySet<string>,
    dateOrder?: DateOrder,
  ): NumericEncoder {
    const k = kind === 'date' ? DATE_PARTS.length : 1;
    const read = partsReader(kind, dateOrder);
    const parts: number[][] = Array.from({ length: k }, () => []);
    let absent = 0;
    cells.forEach((c, i) => {
      if (isMissing(c, missing)) return void absent++;
      const v = read(c) ?? fail(name, c, kind, () => `training row ${i}`);
      v.forEach((x, p) => parts[p].push(x));
    });
    const median = parts.map((p) => medianOf(p));
    // statistics of the imputed column: the present values plus `absent` copies of the median
    const mean = parts.map((p, j) => (sum(p) + absent * median[j]) / cells.length);
    const std = parts.map((p, j) => {
      const sq = p.reduce((a, x) => a + (x - mean[j]) ** 2, 0) + absent * (median[j] - mean[j]) ** 2;
      const s = Math.sqrt(sq / cells.length);
      return s < 1e-8 ? 1 : s;
    });
    return new NumericEncoder({
      type: 'numeric',
      name,
      kind,
      dateOrder,
      median,
      mean,
      std,
      indicator: absent > 0,
      missing: [...missing],
    });
  }

  outputNames(): string[] {
    const n = this.s.name;
    const parts = this.s.kind === 'date' ? DATE_PARTS.map((p) => `${n}.${p}`) : [n];
    return this.s.indicator ? [...parts, `${n} (missing)`] : parts;
  }

  encode(cell: Cell, out: Float32Array, offset: number, where: () => string): void {
    const { median, mean, std, indicator, kind } = this.s;
    const absent = isMissing(cell, this.missingSet);
    const v = absent ? median : (partsReader(kind, this.s.dateOrder)(cell) ?? fail(this.s.name, cell, kind, where));
    for (let p = 0; p < median.length; p++) out[offset + p] = (v[p] - mean[p]) / std[p];
    if (indicator) out[offset + median.length] = absent ? 1 : 0;
  }

  toJSON(): NumericJSON {
    return structuredClone(this.s);
  }
}

/** One-hot over known categories, with "missing" and "other" slots. */
export class CategoricalEncoder implements ColumnEncoder {
  private readonly slot: Map<string, number>;
  private readonly missingSet: Set<string>;
  constructor(private readonly s: CategoricalJSON) {
    this.slot = new Map(s.categories.map((c, i) => [c, i]));
    this.missingSet = new Set(s.missing);
  }

  get name(): string {
    return this.s.name;
  }

  /** Slots: categories, [missing], other. */
  get slots(): number {
    return this.s.categories.length + (this.s.missingSlot ? 1 : 0) + 1;
  }

  get embedded(): boolean {
    return this.s.encoding === 'embedding';
  }

  get width(): number {
    return this.embedded ? 1 : this.slots;
  }

  static fit(
    name: string,
    cells: Cell[],
    missing: ReadonlySet<string>,
    maxCategories: number,
    encoding: 'one-hot' | 'embedding' = 'one-hot',
  ): CategoricalEncoder {
    const counts = new Map<string, number>();
    let absent = 0;
    for (const c of cells) {
      if (isMissing(c, missing)) absent++;
      else counts.set(cellText(c), (counts.get(cellText(c)) ?? 0) + 1);
    }
    // most frequent first (ties by name), so the kept categories and their order are deterministic
    const categories = [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, maxCategories)
      .map(([c]) => c);
    return new CategoricalEncoder({
      type: 'categorical',
      name,
      categories,
      missingSlot: absent > 0,
      missing: [...missing],
      encoding,
    });
  }

  outputNames(): string[] {
    const n = this.s.name;
    if (this.embedded) return [`${n} (embedding index)`];
    return [
      ...this.s.categories.map((c) => `${n}=${c}`),
      ...(this.s.missingSlot ? [`${n} (missing)`] : []),
      `${n} (other)`,
    ];
  }

  encode(cell: Cell, out: Float32Array, offset: number): void {
    const other = this.slots - 1;
    const slot = isMissing(cell, this.missingSet)
      ? this.s.missingSlot
        ? other - 1
        : other
      : (this.slot.get(cellText(cell)) ?? other);
    if (this.embedded) {
      out[offset] = slot;
      return;
    }
    out.fill(0, offset, offset + this.width);
    out[offset + slot] = 1;
  }

  /** Categories kept, in slot order. */
  get categories(): readonly string[] {
    return this.s.categories;
  }

  toJSON(): CategoricalJSON {
    return structuredClone(this.s);
  }
}

export function columnEncoderFromJSON(j: ColumnEncoderJSON): ColumnEncoder {
  if (j?.type === 'numeric') {
    const k = j.kind === 'date' ? DATE_PARTS.length : 1;
    if (![j.median, j.mean, j.std].every((a) => Array.isArray(a) && a.length === k && a.every(Number.isFinite)))
      throw new Error(`column ${JSON.stringify(j.name)}: saved statistics must be ${k} finite numbers each`);
    return new NumericEncoder(j);
  }
  if (j?.type === 'categorical') {
    if (!Array.isArray(j.categories)) throw new Error(`column ${JSON.stringify(j.name)}: saved categories are missing`);
    return new CategoricalEncoder(j);
  }
  throw new Error(
    `unknown column encoder ${JSON.stringify((j as { type?: unknown })?.type)} (expected numeric or categorical)`,
  );
}

function partsReader(kind: NumericKind, order?: DateOrder): (c: Cell) => number[] | undefined {
  if (kind === 'boolean') return (c) => wrap(cellBoolean(c));
  if (kind === 'date')
    return (c) => {
      const ms = cellDate(c, order);
      return ms === undefined ? undefined : dateParts(ms);
    };
  return (c) => wrap(cellNumber(c, true));
}

function wrap(v: number | undefined): number[] | undefined {
  return v === undefined ? undefined : [v];
}

function fail(name: string, cell: Cell, kind: NumericKind, where: () => string): never {
  const expected = kind === 'boolean' ? 'true/false, yes/no, y/n or 1/0' : kind === 'date' ? 'a date' : 'a number';
  throw new Error(
    `${where()}: column ${JSON.stringify(name)} is ${JSON.stringify(cell)}, expected ${expected} or a missing value`,
  );
}

function sum(a: number[]): number {
  let s = 0;
  for (const x of a) s += x;
  return s;
}

function medianOf(a: number[]): number {
  if (a.length === 0) return 0;
  const s = Float64Array.from(a).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
