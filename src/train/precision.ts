// Mixed precision, fit's `precision` option, like torch.autocast(dtype=torch.bfloat16) on CPU: the matrix products
// of Dense layers (forward y = x·Wᵀ, backward dx = dy·W and dW += dyᵀ·x) take bf16-rounded inputs and sum in fp32
// (Backend.gemmBf16); master weights, gradients, bias, BatchNorm, activations, softmax, losses and optimizer
// states stay fp32. 'bf16' on a backend without bf16 instructions says so once and trains in fp32 (emulating bf16
// there would be slower than fp32 and buy nothing but the rounding); 'auto' picks bf16 where it runs natively.
import { kernelsFor } from '../backend';
import type { BackendInfo } from '../backend/types';
import type { Layer } from '../nn/layer';

export type Precision = 'fp32' | 'bf16' | 'auto';
export const PRECISIONS: readonly Precision[] = ['fp32', 'bf16', 'auto'];

/** A layer whose matrix products can take bf16 inputs (Dense). */
export interface MixedPrecisionLayer {
  matmulPrecision: 'fp32' | 'bf16';
  readonly weight: { value: Float32Array | Float64Array };
}

function mixedPrecisionLayers(layers: readonly Layer[]): MixedPrecisionLayer[] {
  return layers.filter((l): l is Layer & MixedPrecisionLayer => 'matmulPrecision' in l);
}

export function checkPrecision(fn: string, p: unknown): Precision {
  if (p === undefined) return 'fp32';
  if (!PRECISIONS.includes(p as Precision))
    throw new RangeError(`${fn}: precision must be one of ${PRECISIONS.join(', ')}, got ${String(p)}`);
  return p as Precision;
}

/** What `requested` runs as for these layers: 'bf16' only where their backend has bf16 instructions; `reason`
 *  says why an explicit 'bf16' falls back to fp32. */
export function resolvePrecision(
  requested: Precision,
  layers: readonly Layer[],
): { matmul: 'fp32' | 'bf16'; reason?: string } {
  const mixed = mixedPrecisionLayers(layers);
  if (requested === 'fp32' || mixed.length === 0) return { matmul: 'fp32' };
  const info = kernelsFor(mixed[0].weight.value).info();
  if (info.bf16) return { matmul: 'bf16' };
  return requested === 'bf16' ? { matmul: 'fp32', reason: noBf16Reason(info) } : { matmul: 'fp32' };
}

/** Why a backend without bf16 instructions (info.bf16 false) has none, for the fallback warnings. */
export function noBf16Reason(info: BackendInfo): string {
  const cap = process.env.NNKIT_SIMD;
  if (info.name === 'js') return 'the JS backend has no bf16 instructions';
  return cap && cap !== 'avx512bf16' ? `NNKIT_SIMD=${cap} turns off AVX512_BF16` : 'this CPU has no AVX512_BF16';
}

let warned = false;

/** Sets the layers' matmul precision for a fit and returns the function that restores what they had; an explicit
 *  'bf16' that cannot run natively emits one process warning (once per process) and trains in fp32. */
export function applyPrecision(requested: Precision, layers: readonly Layer[]): () => void {
  const { matmul, reason } = resolvePrecision(requested, layers);
  if (reason && !warned) {
    warned = true;
    process.emitWarning(`precision 'bf16': ${reason}; training in fp32`, 'NnkitPrecisionWarning');
  }
  const mixed = mixedPrecisionLayers(layers);
  const before = mixed.map((l) => l.matmulPrecision);
  for (const l of mixed) l.matmulPrecision = matmul;
  return () => mixed.forEach((l, i) => (l.matmulPrecision = before[i]));
}
