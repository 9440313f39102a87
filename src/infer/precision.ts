// The precision of a frozen model's dense products, freeze({ precision }): 'fp32' (default) keeps fp32 weights;
// 'bf16' keeps them as bf16 (half the bytes the memory-bound small-batch product streams), rounds each layer's
// input to bf16 and sums in fp32, with biases, activations and everything between layers in fp32; 'auto' is bf16
// where the backend runs it natively. As training's precision (src/train/precision.ts): an explicit 'bf16' where
// the backend has no bf16 instructions says so once per process and freezes in fp32 (emulated, the rounding would
// cost more than fp32 and save nothing).
import type { BackendInfo } from '../backend/types';
import { checkPrecision, noBf16Reason, type Precision } from '../train/precision';

export interface FreezeOptions {
  /** 'fp32' (default) | 'bf16' | 'auto'. */
  precision?: Precision;
}

let warned = false;

/** What a freeze with `opts` runs on a backend with `info`. */
export function frozenPrecision(opts: FreezeOptions | undefined, info: BackendInfo): 'fp32' | 'bf16' {
  const requested = checkPrecision('freeze', opts?.precision);
  if (requested === 'fp32') return 'fp32';
  if (info.bf16) return 'bf16';
  if (requested === 'bf16' && !warned) {
    warned = true;
    process.emitWarning(`freeze precision 'bf16': ${noBf16Reason(info)}; freezing in fp32`, 'NnkitPrecisionWarning');
  }
  return 'fp32';
}
