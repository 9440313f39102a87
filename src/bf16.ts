// bf16 (bfloat16) as bits for gemmBf16's operands: the upper 16 bits of the float32, rounded to nearest even
// (backend/js/bf16.ts: the rules of AVX512_BF16's conversion, which the GEMM applies to float32 operands itself:
// float32 denormals → ±0, ±Inf kept, NaN kept as a quiet NaN, overflow past the largest bf16 → ±Inf).
// So gemmBf16 on toBf16Bits(x) computes exactly what it computes on x, reading half the bytes.
import { bf16Bits, bf16Value } from './backend/js/bf16';

/** values rounded to bf16, as a Uint16Array of bits (gemmBf16 takes it for A or B). */
export function toBf16Bits(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = bf16Bits(values[i]);
  return out;
}

/** The float32 values bf16 bits stand for (exact). */
export function fromBf16Bits(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = bf16Value(bits[i]);
  return out;
}
