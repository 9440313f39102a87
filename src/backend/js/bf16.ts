// bf16 rounding, the reference for the native packers (native/simd/bf16.h, same rules as AVX512_BF16's
// vcvtne2ps2bf16): x as float32, then round to nearest even on its upper 16 bits; float32 denormals give ±0,
// ±Inf stays, NaN stays NaN, values past the largest bf16 round to ±Inf.
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export function roundBf16(x: number): number {
  f32[0] = x;
  const u = u32[0];
  const exponent = u & 0x7f800000;
  if (exponent === 0x7f800000) return f32[0]; // ±Inf, NaN
  if (exponent === 0) return u & 0x80000000 ? -0 : 0;
  u32[0] = (u + 0x7fff + ((u >>> 16) & 1)) & 0xffff0000;
  return f32[0];
}
