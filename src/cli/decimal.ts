// Numbers on the command line are written in decimal: "0.1", "1e-3", "20". JavaScript's Number() also reads
// "0x10" (16), "0b11", " 5 " and "Infinity", which no flag means; whole numbers must also be exact (≤ 2^53 − 1),
// or "99999999999999999999" would be accepted as 1e20.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The value of a decimal number, or NaN for anything else. */
export function decimalNumber(text: string): number {
  return DECIMAL.test(text) ? Number(text) : NaN;
}

/** A whole number ≥ min written in decimal and exactly representable, else undefined. */
export function wholeNumber(text: string, min: number): number | undefined {
  const n = decimalNumber(text);
  return Number.isSafeInteger(n) && n >= min ? n : undefined;
}
