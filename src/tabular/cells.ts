// Reading one cell as a value of a column type. Missing: null/undefined, NaN, an empty string, or one of the
// missing-value tokens (compared after trimming, case-insensitive). Numbers: plain decimal or exponent notation
// ("1,234" is not a number: it stays text unless the column is declared numeric). Booleans: true/false, yes/no,
// y/n, t/f, 1/0. Dates: ISO 8601 dates and timestamps, 2012/01/31, 31.01.2012, and 01/31/2012 or 31/01/2012
// (day-first when the column's first part ever exceeds 12); Date objects from code.
import type { Cell } from './table';

export const DEFAULT_MISSING = ['', 'na', 'n/a', 'nan', 'null', 'none', '?'];

export function isMissing(v: Cell, missing: ReadonlySet<string>): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'number') return Number.isNaN(v);
  if (v instanceof Date) return Number.isNaN(v.getTime());
  if (typeof v === 'string') return missing.has(v.trim().toLowerCase());
  return false;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const THOUSANDS = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;

/** The number a cell holds, or undefined when it holds none. With `thousands`, "1,234.5" reads as 1234.5 (for
 *  columns declared numeric). */
export function cellNumber(v: Cell, thousands = false): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'string') return undefined;
  let s = v.trim();
  if (thousands && THOUSANDS.test(s)) s = s.replace(/,/g, '');
  if (!NUMBER.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

const TRUE = new Set(['true', 'yes', 'y', 't', '1']);
const FALSE = new Set(['false', 'no', 'n', 'f', '0']);

/** 1 for a true-like cell, 0 for a false-like one, undefined otherwise. */
export function cellBoolean(v: Cell): number | undefined {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v === 1 ? 1 : v === 0 ? 0 : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim().toLowerCase();
  return TRUE.has(s) ? 1 : FALSE.has(s) ? 0 : undefined;
}

export type DateOrder = 'ymd' | 'mdy' | 'dmy';

const YMD =
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/;
const XXY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** Milliseconds since 1970 (UTC) of a date cell, or undefined. `order` says how to read dd/dd/yyyy. */
export function cellDate(v: Cell, order: DateOrder = 'mdy'): number | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.getTime();
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  let m = YMD.exec(s);
  if (m) return utc(+m[1], +m[2], +m[3], m[4], m[5], m[6], m[7]);
  m = XXY.exec(s);
  if (!m) return undefined;
  const [a, b] = [+m[1], +m[2]];
  return order === 'dmy' ? utc(+m[3], b, a, m[4], m[5], m[6]) : utc(+m[3], a, b, m[4], m[5], m[6]);
}

/** The dd/dd/yyyy order of a column: day-first when some first part exceeds 12. */
export function dateOrderOf(values: readonly string[]): DateOrder {
  for (const v of values) {
    const m = XXY.exec(v.trim());
    if (m && +m[1] > 12) return 'dmy';
  }
  return 'mdy';
}

function utc(y: number, mo: number, d: number, h?: string, mi?: string, s?: string, zone?: string): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  const t = Date.UTC(y, mo - 1, d, h ? +h : 0, mi ? +mi : 0, s ? +s : 0);
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return undefined; // 2012-02-30
  if (!zone || zone === 'Z') return t;
  const z = /([+-])(\d{2}):?(\d{2})/.exec(zone)!;
  return t - (z[1] === '-' ? -1 : 1) * (+z[2] * 60 + +z[3]) * 60_000;
}

/** Date parts as fastai's add_datepart: year, month, day, day of week (0 = Monday), day of year, and days since
 *  1970 (the trend). */
export const DATE_PARTS = ['year', 'month', 'day', 'dayOfWeek', 'dayOfYear', 'elapsedDays'] as const;

export function dateParts(ms: number): number[] {
  const d = new Date(ms);
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  return [
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    (d.getUTCDay() + 6) % 7,
    Math.floor((ms - start) / 86_400_000) + 1,
    ms / 86_400_000,
  ];
}

/** A cell as category text: trimmed; numbers as JavaScript prints them. */
export function cellText(v: Cell): string {
  if (typeof v === 'string') return v.trim();
  if (v instanceof Date) return v.toISOString();
  return String(v);
}
