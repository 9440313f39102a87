import { expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/backends';
import { uniform, worstRatio } from '../helpers/random';

describeEachBackend('softmax', (b) => {
  it('rows sum to 1 and match exp(z)/Σexp(z), also for huge logits', () => {
    const N = 7,
      C = 10,
      z = uniform(N * C, 1, -5, 5);
    z[3] = 1000;
    z[15] = -1000; // overflow without the max subtraction
    const p = new Float32Array(N * C);
    b.softmax(N, C, z, p);
    for (let i = 0; i < N; i++) {
      const row = Array.from(z.subarray(i * C, i * C + C));
      const m = Math.max(...row),
        s = row.reduce((a, v) => a + Math.exp(v - m), 0);
      expect(
        worstRatio(
          p.subarray(i * C, i * C + C),
          row.map((v) => Math.exp(v - m) / s),
          1e-7,
          1e-5,
        ),
      ).toBeLessThanOrEqual(1);
    }
  });

  it('cross-entropy: mean of −log p_target, gradient (p − onehot)/N, stable for large logits', () => {
    const N = 9,
      C = 4,
      z = uniform(N * C, 2, -3, 3);
    z[0] = 500; // a confident row
    const labels = Int32Array.from({ length: N }, (_, i) => i % C);
    const d = new Float32Array(N * C);
    const loss = b.softmaxCrossEntropy(N, C, z, labels, d);
    let want = 0;
    const wantD: number[] = [];
    for (let i = 0; i < N; i++) {
      const row = Array.from(z.subarray(i * C, i * C + C));
      const m = Math.max(...row),
        lse = m + Math.log(row.reduce((a, v) => a + Math.exp(v - m), 0));
      want += (lse - row[labels[i]]) / N;
      row.forEach((v, j) => wantD.push((Math.exp(v - lse) - (j === labels[i] ? 1 : 0)) / N));
    }
    expect(loss).toBeCloseTo(want, 4);
    expect(worstRatio(d, wantD, 1e-7, 1e-4)).toBeLessThanOrEqual(1);
    expect(b.softmaxCrossEntropy(N, C, z, labels, null)).toBeCloseTo(loss, 6);
  });

  it('with equal logits the loss is ln C', () => {
    expect(b.softmaxCrossEntropy(3, 10, new Float32Array(30), new Int32Array([0, 5, 9]), null)).toBeCloseTo(
      Math.log(10),
      6,
    );
  });
});
