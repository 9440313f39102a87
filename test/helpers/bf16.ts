// An independent bf16 rounding for test references, by arithmetic instead of the bit tricks of
// src/backend/js/bf16.ts and native/simd/bf16.h: x as float32, kept to 8 significant bits with ties to even;
// float32 denormals → 0; Inf and NaN unchanged; overflow past the largest bf16 → ±Inf.
export function bf16Reference(x: number): number {
  const f = Math.fround(x);
  if (!Number.isFinite(f)) return f;
  const a = Math.abs(f);
  if (a < 2 ** -126) return 0;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  if (2 ** (e + 1) <= a) e++;
  const ulp = 2 ** (e - 7); // 7 stored mantissa bits
  const q = a / ulp,
    fl = Math.floor(q);
  const n = q - fl > 0.5 || (q - fl === 0.5 && fl % 2 === 1) ? fl + 1 : fl;
  return Math.sign(f) * Math.fround(n * ulp);
}

/** A copy of `a` with every value rounded to bf16. */
export function roundedCopy(a: Float32Array | Float64Array): Float64Array {
  return Float64Array.from(a, bf16Reference);
}
