// bf16 rounding, the reference for the native packers (native/simd/bf16.h, same rules as AVX512_BF16's
// vcvtne2ps2bf16): x as float32, then round to nearest even on its upper 16 bits; float32 denormals give ±0,
// ±Inf stays, NaN stays NaN, values past the largest bf16 round to ±Inf.
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** x rounded to bf16, as its 16 bits (the upper half of the float32 it stands for). */
export function bf16Bits(x: number): number {
  f32[0] = x;
  const u = u32[0];
  const exponent = u & 0x7f800000;
  if (exponent === 0x7f800000) return (u & 0x007fffff) !== 0 ? (u >>> 16) | 0x0040 : u >>> 16; // NaN (quiet), ±Inf
  if (exponent === 0) return (u >>> 16) & 0x8000; // ±0 and denormals → ±0
  return ((u + 0x7fff + ((u >>> 16) & 1)) >>> 16) & 0xffff;
}

/** The number bf16 bits stand for (exact). */
export function bf16Value(bits: number): number {
  u32[0] = bits << 16;
  return f32[0];
}

/** x rounded to bf16, as a number. */
export function roundBf16(x: number): number {
  return bf16Value(bf16Bits(x));
}
