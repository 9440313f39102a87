// The dense layer's product in float64, the reference the linearForward tests compare with: y = act(x·wᵀ + b),
// w [N, K] as Dense stores it, element by element.
export function linearReference(
  M: number,
  N: number,
  K: number,
  x: Float32Array,
  w: Float32Array,
  b: Float32Array | null,
  relu: boolean,
): Float64Array {
  const y = new Float64Array(M * N);
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = b ? b[j] : 0;
      for (let p = 0; p < K; p++) s += x[i * K + p] * w[j * K + p];
      y[i * N + j] = relu && s < 0 ? 0 : s;
    }
  return y;
}
