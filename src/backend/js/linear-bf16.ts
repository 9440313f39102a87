// packBf16Panels: w [N,K] → full-K panels of bf16 pairs ([⌈N/P⌉, ⌈K/2⌉, P, 2] values, 0 past N and K);
// linearForwardPanelsBf16: y [M,N] = act(bf16(x) · W + bias) on such panels (formulas in ../types.ts). The reference:
// the panels decoded to fp32 and x rounded (bf16.ts), then linearForwardPanels on them (products of bf16 values
// are exact in fp32, so only the sums round, as on the native kernels).
import type { FloatArray, LinearActivation } from '../types';
import { bf16Bits, bf16Value, roundBf16 } from './bf16';
import * as check from './check';
import { checkEpilogue, checkShapes, linearForwardPanels } from './linear';

/** Values the bf16 panels of N × K weights take: ⌈N/P⌉ panels of ⌈K/2⌉ × P pairs. */
function panelValues(N: number, K: number, panel: number): number {
  return Math.ceil(N / panel) * Math.ceil(K / 2) * 2 * panel;
}

export function packBf16Panels(N: number, K: number, w: FloatArray, panel: number, out: Uint16Array): void {
  const fn = 'packBf16Panels';
  check.size(fn, 'N', N);
  check.size(fn, 'K', K);
  check.floats(fn, 'w', w, N * K);
  check.size(fn, 'panel', panel, 1);
  check.uint16s(fn, 'out', out, panelValues(N, K, panel));
  check.disjoint(fn, 'out', out, 'w', w);
  const pairs = Math.ceil(K / 2),
    panels = Math.ceil(N / panel);
  for (let i = 0; i < panels; i++)
    for (let q = 0; q < pairs; q++)
      for (let l = 0; l < panel; l++)
        for (let h = 0; h < 2; h++) {
          const j = i * panel + l,
            p = 2 * q + h;
          out[((i * pairs + q) * panel + l) * 2 + h] = j < N && p < K ? bf16Bits(w[j * K + p]) : 0;
        }
}

export function linearForwardPanelsBf16(
  M: number,
  N: number,
  K: number,
  x: FloatArray,
  w: Uint16Array,
  panel: number,
  bias: FloatArray | null,
  activation: LinearActivation,
  y: FloatArray,
): void {
  const fn = 'linearForwardPanelsBf16';
  checkShapes(fn, M, N, K, x);
  check.size(fn, 'panel', panel, 1);
  check.uint16s(fn, 'w', w, panelValues(N, K, panel));
  checkEpilogue(fn, M, N, x, w, bias, activation, y);
  if (M === 0 || N === 0) return;
  const pairs = Math.ceil(K / 2),
    panels = Math.ceil(N / panel);
  const decoded = new Float32Array(panels * K * panel); // [⌈N/P⌉, K, P], linearForwardPanels's layout
  for (let i = 0; i < panels; i++)
    for (let p = 0; p < K; p++)
      for (let l = 0; l < panel; l++)
        decoded[(i * K + p) * panel + l] = bf16Value(w[((i * pairs + (p >> 1)) * panel + l) * 2 + (p & 1)]);
  linearForwardPanels(M, N, K, Float32Array.from(x.subarray(0, M * K), roundBf16), decoded, panel, bias, activation, y);
}
