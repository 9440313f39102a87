// Numbers as text, the one set of helpers for logs, findings, tables and chart labels.
//   fmt(2.302585) → "2.30"   fmt(0.0123) → "0.0123"   fmt(1.5e-4) → "1.5e-4"   fmt(1234.5) → "1235"
//   fmtRate(0.05) → "5e-2"   fmtRate(0.3) → "0.3"     pct(0.1234) → "12.3 %"   pct(0.1234, 2) → "12.34 %"
//   fmtValue(32) → "32"      fmtValue(0.05) → "0.0500"  fmtValue('relu') → "relu"
//   axisLabel(0.25) → "0.25" axisLabel(2e-5) → "2.0e-5"

/** A number as a person writes it: `digits` significant digits, an exponent below 0.01, whole from 1000. */
export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1000) return String(Math.round(x));
  if (a >= 1e-2) return x.toPrecision(digits);
  return exponent(x, digits);
}

/** A learning rate or ratio, the way people write them: 10, 0.5, 0.1, 1e-2, 3e-4, 2.5e-6. */
export function fmtRate(x: number): string {
  if (!Number.isFinite(x) || x === 0) return String(x);
  const a = Math.abs(x);
  if (a >= 0.1 && a < 1000) return String(Number(x.toPrecision(2)));
  return exponent(x, 2);
}

function exponent(x: number, digits: number): string {
  const [mantissa, e] = x.toExponential(digits - 1).split('e');
  return `${mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa}e${Number(e)}`;
}

/** A fraction as a percentage with `decimals` decimals: 0.1234 → "12.3 %". */
export function pct(x: number, decimals = 1): string {
  return `${(100 * x).toFixed(decimals)} %`;
}

/** A hyperparameter value: whole numbers and strings as they are, other numbers by fmt. */
export function fmtValue(v: unknown): string {
  return typeof v === 'number' && !Number.isInteger(v) ? fmt(v) : String(v);
}

/** A chart tick label: 3 significant digits without trailing zeros, an exponent outside [1e-3, 1e4). */
export function axisLabel(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(1);
  return Number(v.toPrecision(3)).toString();
}
