// A table's cells kept column by column in compact form while rows stream in. A cell that is a finite number, or
// (CSV) a string holding one exactly as JavaScript prints it ("3", "-0.25", "1e+21"), is kept as a float64; any other cell
// (text, "1.50", " 3", "", NA, booleans, null) as an index into the column's dictionary of distinct cells. Reading a
// cell gives back the same text a string cell had (String(n) is the string), so typing and encoding see the same
// values as from strings. Cost: 8 bytes per cell, +4 for columns holding any non-number cell, + the distinct
// non-number cells once — not a string object per cell.
import type { Cell } from './table';

const NOT_IN_DICTIONARY = -1;

export class ColumnStore {
  private capacity = 16;
  private count = 0;
  /** Per column: the numbers (allocated at the first number), codes (at the first other cell; −1 = a number). */
  private readonly values: (Float64Array | undefined)[] = [];
  private readonly codes: (Int32Array | undefined)[] = [];
  private readonly dictionaries: Cell[][] = [];
  private readonly lookups: Map<Cell, number>[] = [];

  /** `numberText`: a string holding a number as JavaScript prints it is kept as that number (CSV, where every
   *  cell is text); off for JSON, whose strings are strings. */
  constructor(
    width = 0,
    private readonly numberText = true,
  ) {
    for (let j = 0; j < width; j++) this.addColumn();
  }

  get length(): number {
    return this.count;
  }

  get width(): number {
    return this.values.length;
  }

  /** A new column; the rows so far hold `undefined` in it. */
  addColumn(): number {
    const j = this.values.length;
    this.values.push(undefined);
    this.codes.push(undefined);
    this.dictionaries.push([]);
    this.lookups.push(new Map());
    if (this.count > 0) this.dictionaryCodes(j).fill(this.code(j, undefined), 0, this.count);
    return j;
  }

  /** Appends a row of `width` cells (missing trailing cells are undefined). */
  push(cells: readonly Cell[]): void {
    if (this.count === this.capacity) this.grow();
    const i = this.count++;
    for (let j = 0; j < this.values.length; j++) {
      const v = cells[j];
      const n = typeof v === 'number' ? v : this.numberText && typeof v === 'string' ? printedNumber(v) : NaN;
      if (Number.isFinite(n)) {
        this.numbers(j)[i] = n;
        const codes = this.codes[j];
        if (codes) codes[i] = NOT_IN_DICTIONARY;
      } else this.dictionaryCodes(j)[i] = this.code(j, v);
    }
  }

  cell(i: number, j: number): Cell {
    const code = this.codes[j]?.[i] ?? NOT_IN_DICTIONARY;
    return code === NOT_IN_DICTIONARY ? this.values[j]![i] : this.dictionaries[j][code];
  }

  private code(j: number, v: Cell): number {
    let k = this.lookups[j].get(v);
    if (k === undefined) {
      k = this.dictionaries[j].push(v) - 1;
      this.lookups[j].set(v, k);
    }
    return k;
  }

  private numbers(j: number): Float64Array {
    return (this.values[j] ??= new Float64Array(this.capacity));
  }

  private dictionaryCodes(j: number): Int32Array {
    let codes = this.codes[j];
    if (!codes) {
      codes = new Int32Array(this.capacity).fill(NOT_IN_DICTIONARY);
      this.codes[j] = codes;
    }
    return codes;
  }

  private grow(): void {
    this.capacity *= 2;
    for (let j = 0; j < this.values.length; j++) {
      const numbers = this.values[j];
      if (numbers) {
        this.values[j] = new Float64Array(this.capacity);
        this.values[j]!.set(numbers);
      }
      const old = this.codes[j];
      if (old) {
        const codes = new Int32Array(this.capacity).fill(NOT_IN_DICTIONARY);
        codes.set(old);
        this.codes[j] = codes;
      }
    }
  }
}

/** The finite number a string holds when JavaScript prints that number as exactly this string, else NaN. */
export function printedNumber(s: string): number {
  const first = s.charCodeAt(0);
  if (!(first === 45 || (first >= 48 && first <= 57))) return NaN; // only "-" or a digit can start one
  const fast = plainDecimal(s);
  if (fast !== undefined) return fast;
  const n = Number(s);
  return Number.isFinite(n) && String(n) === s ? n : NaN;
}

/** Fast path of printedNumber for the common form -?(0|[1-9]d*)(.d*[1-9])? with at most 15 digits: the integer
 *  mantissa m and 10^k are exact doubles, so m / 10^k is Number(s), correctly rounded, and with ≤ 15 significant
 *  digits no shorter decimal maps to the same double, so String gives s back (≥ 1e-6: no exponent form).
 *  undefined: not this form (the caller checks the slow way). */
function plainDecimal(s: string): number | undefined {
  const n = s.length;
  if (n === 0 || n > 17) return undefined;
  const neg = s.charCodeAt(0) === 45;
  let i = neg ? 1 : 0;
  let m = 0,
    digits = 0,
    scale = 1;
  for (; i < n; i++, digits++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    m = m * 10 + c;
  }
  if (digits === 0 || (digits > 1 && s.charCodeAt(neg ? 1 : 0) === 48)) return undefined;
  if (i < n) {
    if (s.charCodeAt(i) !== 46 || i === n - 1 || s.charCodeAt(n - 1) === 48) return undefined;
    for (i++; i < n; i++, digits++, scale *= 10) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return undefined;
      m = m * 10 + c;
    }
  }
  const v = m / scale;
  if (digits > 15 || (v !== 0 && v < 1e-6) || (neg && v === 0)) return undefined;
  return neg ? -v : v;
}
