// Lazy gradient zeroing (src/nn/lazy-grad-param.ts): zeroGrad() only flags the gradients; reads see zeros, the
// first backward after it overwrites (β = 0) and later ones add. References: float64 sums written out here, and for
// every converted layer the same layer whose gradient arrays are really zero (the accumulate path), bit for bit.
// Stale gradients are NaN before zeroGrad, so a writer that adds to them instead of overwriting shows it.
import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { BatchNorm, Chain, Dense, Maxout, ReLU } from '../../src/nn';
import type { Layer, Param } from '../../src/nn';
import { SGD } from '../../src/optim';
import { SoftmaxCrossEntropy } from '../../src/losses';
import { Tensor } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import { roundedCopy } from '../helpers/bf16';
import { uniform, worstRatio } from '../helpers/random';

const N = 7,
  I = 5,
  O = 4;

/** float64 dW = Σ_n dy_nᵀ·x_n [O, I] and db = Σ_n dy_n [O], summed over every (x, dy) pair. */
function denseGradReference(pairs: [ArrayLike<number>, ArrayLike<number>][]): { dW: Float64Array; db: Float64Array } {
  const dW = new Float64Array(O * I),
    db = new Float64Array(O);
  for (const [x, dy] of pairs)
    for (let n = 0; n < N; n++)
      for (let o = 0; o < O; o++) {
        db[o] += dy[n * O + o];
        for (let i = 0; i < I; i++) dW[o * I + i] += dy[n * O + o] * x[n * I + i];
      }
  return { dW, db };
}

const staleNaN = (params: Param[]) => params.forEach((p) => p.grad.fill(NaN));
const isZero = (a: ArrayLike<number>) => Array.from(a).every((v) => Object.is(v, 0));

/** Two (x [N, inCols], dy [N, outCols]) batches of seeded uniform values. */
const twoBatches = (inCols: number, outCols: number, seed: number): [Float32Array, Float32Array][] =>
  [0, 2].map((k) => [uniform(N * inCols, seed + k), uniform(N * outCols, seed + k + 1)]);

function backwardOnce(layer: Layer, x: Float32Array, dy: Float32Array, outCols: number): void {
  layer.forward(new Tensor(x, [N, x.length / N]), { training: true });
  layer.backward(new Tensor(dy, [N, outCols]));
}

describeEachBackend('lazy gradient zeroing', (b) => {
  it('after zeroGrad every gradient reads 0, through the layer, a Chain view and an optimizer, without a step', () => {
    setBackend(b.name);
    const big = new Dense(600, 300, { seed: 1 }); // past the size where the fill goes native
    const chain = new Chain([big, new BatchNorm(300), new Maxout(300, 2, 3, { seed: 2 })]);
    staleNaN(chain.parameters());
    chain.zeroGrad();
    for (const p of chain.parameters()) expect(isZero(p.grad), p.name).toBe(true);
    staleNaN(big.parameters());
    big.zeroGrad(); // through the layer: the Chain's renamed views share the flag
    for (const p of chain.parameters().slice(0, 2)) expect(isZero(p.grad), p.name).toBe(true);
    staleNaN(chain.parameters());
    new SGD({ lr: 0.1 }).zeroGrad(chain.parameters()); // through the views: the layer's own Params see it
    for (const p of [...big.parameters(), ...chain.layers[2].parameters()]) expect(isZero(p.grad)).toBe(true);
  });

  for (const precision of ['fp32', 'bf16'] as const) {
    it(`Dense (${precision}): zeroGrad then backward overwrites stale values; a second backward adds (float64 reference)`, () => {
      setBackend(b.name);
      const d = new Dense(I, O, { seed: 3 });
      d.matmulPrecision = precision;
      const round = (a: Float32Array) => (precision === 'bf16' ? roundedCopy(a) : a);
      const [[x1, dy1], [x2, dy2]] = twoBatches(I, O, 4);
      staleNaN(d.parameters());
      d.zeroGrad();
      backwardOnce(d, x1, dy1, O);
      let want = denseGradReference([[round(x1), round(dy1)]]);
      expect(worstRatio(d.weight.grad, want.dW, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
      want = denseGradReference([[x1, dy1]]); // the bias sum is fp32 in both precisions
      expect(worstRatio(d.bias!.grad, want.db, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
      backwardOnce(d, x2, dy2, O);
      want = denseGradReference([
        [round(x1), round(dy1)],
        [round(x2), round(dy2)],
      ]);
      expect(worstRatio(d.weight.grad, want.dW, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
      want = denseGradReference([
        [x1, dy1],
        [x2, dy2],
      ]);
      expect(worstRatio(d.bias!.grad, want.db, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
    });
  }

  it('Dense, Maxout, BatchNorm: zeroGrad over stale NaN then backward, once and twice: bit for bit the layer on real zeros', () => {
    setBackend(b.name);
    const cases: [() => Layer, number, number][] = [
      [() => new Dense(I, O, { seed: 8 }), I, O],
      [() => Object.assign(new Dense(I, O, { seed: 8 }), { matmulPrecision: 'bf16' as const }), I, O],
      [() => new Maxout(I, O, 3, { seed: 8 }), I, O],
      [() => new BatchNorm(I), I, I],
    ];
    for (const [make, inCols, outCols] of cases) {
      const lazy = make(),
        eager = make(); // fresh: its gradient arrays hold real zeros and are never flagged
      const [[x1, dy1], [x2, dy2]] = twoBatches(inCols, outCols, 9);
      staleNaN(lazy.parameters());
      lazy.zeroGrad();
      backwardOnce(lazy, x1, dy1, outCols);
      backwardOnce(eager, x1, dy1, outCols);
      lazy
        .parameters()
        .forEach((p, i) => expect(Array.from(p.grad), p.name).toEqual(Array.from(eager.parameters()[i].grad)));
      backwardOnce(lazy, x2, dy2, outCols);
      backwardOnce(eager, x2, dy2, outCols);
      lazy
        .parameters()
        .forEach((p, i) => expect(Array.from(p.grad), p.name).toEqual(Array.from(eager.parameters()[i].grad)));
    }
  });

  it('a parameter that gets no gradient in a step reads 0 at the optimizer', () => {
    setBackend(b.name);
    const first = new Dense(I, O, { seed: 13 }),
      last = new Dense(O, 3, { seed: 14 });
    const model = new Chain([first, new ReLU(), last]);
    const params = model.parameters(); // held across steps, as the trainer holds them
    const before = params.map((p) => Array.from(p.value));
    staleNaN(params);
    model.zeroGrad();
    last.forward(new Tensor(uniform(N * O, 15), [N, O]), { training: true });
    last.backwardParams(new Tensor(uniform(N * 3, 16), [N, 3])); // only the last layer gets gradients
    new SGD({ lr: 1 }).step(params); // w −= 1·grad
    expect(Array.from(params[0].value)).toEqual(before[0]);
    expect(Array.from(params[1].value)).toEqual(before[1]);
    expect(Array.from(params[2].value)).not.toEqual(before[2]);
    expect(params[2].value.every(Number.isFinite)).toBe(true);
  });
});

/** float64 reference of `steps` SGD steps (momentum μ, weight decay wd, torch semantics) of Dense→ReLU→Dense with
 *  mean softmax cross-entropy; w = [W1 [H, I], b1 [H], W2 [C, H], b2 [C]], updated in place. */
function trainReference(w: Float64Array[], batches: [Float32Array, Int32Array][], steps: number, H: number, C: number) {
  const [lr, mu, wd] = [0.1, 0.9, 1e-3];
  const v = w.map((a) => new Float64Array(a.length));
  for (let s = 0; s < steps; s++) {
    const [x, y] = batches[s % batches.length];
    const [W1, b1, W2, b2] = w;
    const h = new Float64Array(N * H),
      dz = new Float64Array(N * C);
    for (let n = 0; n < N; n++) {
      for (let j = 0; j < H; j++) {
        let a = b1[j];
        for (let i = 0; i < I; i++) a += x[n * I + i] * W1[j * I + i];
        h[n * H + j] = Math.max(a, 0);
      }
      const z = Array.from(
        { length: C },
        (_, c) => b2[c] + h.subarray(n * H, n * H + H).reduce((t, hj, j) => t + hj * W2[c * H + j], 0),
      );
      const m = Math.max(...z),
        e = z.map((zc) => Math.exp(zc - m)),
        sum = e.reduce((t, ec) => t + ec, 0);
      for (let c = 0; c < C; c++) dz[n * C + c] = (e[c] / sum - (c === y[n] ? 1 : 0)) / N;
    }
    const g = w.map((a) => new Float64Array(a.length));
    for (let n = 0; n < N; n++)
      for (let c = 0; c < C; c++) {
        g[3][c] += dz[n * C + c];
        for (let j = 0; j < H; j++) g[2][c * H + j] += dz[n * C + c] * h[n * H + j];
      }
    for (let n = 0; n < N; n++)
      for (let j = 0; j < H; j++) {
        if (h[n * H + j] <= 0) continue;
        let dh = 0;
        for (let c = 0; c < C; c++) dh += dz[n * C + c] * W2[c * H + j];
        g[1][j] += dh;
        for (let i = 0; i < I; i++) g[0][j * I + i] += dh * x[n * I + i];
      }
    w.forEach((a, k) => {
      for (let i = 0; i < a.length; i++) {
        const gi = g[k][i] + wd * a[i];
        v[k][i] = s === 0 ? gi : mu * v[k][i] + gi;
        a[i] -= lr * v[k][i];
      }
    });
  }
}

describeEachBackend('lazy gradient zeroing in training', (b) => {
  it('20 SGD steps of a small MLP (zeroGrad, forward, backwardParams, step) match a float64 reference', () => {
    setBackend(b.name);
    const H = 6,
      C = 3,
      steps = 20;
    const model = new Chain([new Dense(I, H, { seed: 17 }), new ReLU(), new Dense(H, C, { seed: 18 })]);
    const params = model.parameters();
    const w = params.map((p) => Float64Array.from(p.value));
    const batches: [Float32Array, Int32Array][] = [0, 1, 2].map((k) => [
      uniform(N * I, 20 + k),
      Int32Array.from(uniform(N, 30 + k, 0, C), Math.floor),
    ]);
    const loss = new SoftmaxCrossEntropy(),
      opt = new SGD({ lr: 0.1, momentum: 0.9, weightDecay: 1e-3 });
    for (let s = 0; s < steps; s++) {
      const [x, y] = batches[s % batches.length];
      model.zeroGrad();
      loss.forward(model.forward(new Tensor(x, [N, I]), { training: true }), y);
      model.backwardParams(loss.backward());
      opt.step(params);
    }
    trainReference(w, batches, steps, H, C);
    params.forEach((p, k) => expect(worstRatio(p.value, w[k], 1e-5, 1e-4), p.name).toBeLessThanOrEqual(1));
  });
});
