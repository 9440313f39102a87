// Tick values for chart axes (report/svg.ts, search/scatter-report.ts).

/** About `count` round values (1, 2 or 5 × a power of ten apart) covering [lo, hi]. */
export function linearTicks(lo: number, hi: number, count = 5): number[] {
  if (hi <= lo) return [lo];
  const step0 = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? step0;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

/** Values for a log axis spanning log10 values [l0, l1]: powers of ten, plus 2× and 5× when the span is at most
 *  three decades. */
export function logTicks(l0: number, l1: number): number[] {
  const mults = l1 - l0 > 3 ? [1] : [1, 2, 5];
  const out: number[] = [];
  for (let k = Math.floor(l0); k <= Math.ceil(l1); k++) {
    for (const m of mults) {
      const v = m * 10 ** k;
      if (Math.log10(v) >= l0 - 1e-9 && Math.log10(v) <= l1 + 1e-9) out.push(v);
    }
  }
  return out;
}
