// model.freeze() and Model.predict (src/infer/): outputs against an independent float64 forward written from the
// formulas (Dense x·Wᵀ + b; BatchNorm γ(x − μ)/√(σ² + ε) + β; ReLU), and against the layers' own eval-mode
// forward for the other layer kinds; the snapshot is immutable; every input form; bad input names row and column.
import { beforeEach, expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { PCA, Pipeline, standardize } from '../../src/data/preprocess';
import { Model } from '../../src/model';
import { BatchNorm, Dense, Dropout, ELU, LeakyReLU, Maxout, PReLU, ReLU, Sigmoid, Softmax, Tanh } from '../../src/nn';
import type { Layer } from '../../src/nn/layer';
import { Tensor } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import { uniform, worstRatio } from '../helpers/random';

// Non-trivial BatchNorm statistics, so folding has something to fold.
function randomizeBatchNorm(bn: BatchNorm, seed: number): BatchNorm {
  bn.gamma.value.set(uniform(bn.features, seed, 0.5, 2));
  bn.beta.value.set(uniform(bn.features, seed + 1, -1, 1));
  bn.runningMean.value.set(uniform(bn.features, seed + 2, -0.5, 0.5));
  bn.runningVar.value.set(uniform(bn.features, seed + 3, 0.2, 3));
  return bn;
}

function mlp(): Model {
  const m = new Model([
    new Dense(20, 16, { seed: 1 }),
    randomizeBatchNorm(new BatchNorm(16), 10),
    new ReLU(),
    new Dense(16, 8, { seed: 2 }),
    randomizeBatchNorm(new BatchNorm(8), 20),
    new ReLU(),
    new Dense(8, 3, { init: 'xavier', seed: 3 }),
  ]);
  (m.layers[0] as Dense).bias?.value.set(uniform(16, 5));
  return m;
}

// The independent reference: the MLP above in float64, layer by layer from the formulas.
function reference(m: Model, x: Float32Array, rows: number): Float64Array {
  let h = Float64Array.from(x),
    width = 20;
  for (const l of m.layers) {
    if (l instanceof Dense) {
      const out = new Float64Array(rows * l.outFeatures);
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < l.outFeatures; j++) {
          let s = l.bias ? l.bias.value[j] : 0;
          for (let p = 0; p < width; p++) s += h[i * width + p] * l.weight.value[j * width + p];
          out[i * l.outFeatures + j] = s;
        }
      [h, width] = [out, l.outFeatures];
    } else if (l instanceof BatchNorm) {
      h = h.map((v, i) => {
        const c = i % width;
        const x̂ = (v - l.runningMean.value[c]) / Math.sqrt(l.runningVar.value[c] + l.eps);
        return l.gamma.value[c] * x̂ + l.beta.value[c];
      });
    } else if (l instanceof ReLU) h = h.map((v) => Math.max(0, v));
  }
  return h;
}

describeEachBackend('frozen model', (b) => {
  beforeEach(() => {
    setBackend(b.name);
  });

  it('BatchNorm folded, ReLU fused: frozen and Model.predict match the float64 forward, at batch 1..17 and 300', async () => {
    const m = mlp(),
      frozen = m.freeze();
    for (const rows of [1, 2, 5, 16, 17, 300]) {
      const x = uniform(rows * 20, rows, -2, 2);
      const want = reference(m, x, rows);
      const got = frozen.predictSync(x);
      expect(got.shape).toEqual([rows, 3]);
      expect(worstRatio(got.data, want, 1e-5, 1e-4)).toBeLessThanOrEqual(1);
      expect(worstRatio((await m.predict(x)).data, want, 1e-5, 1e-4)).toBeLessThanOrEqual(1);
    }
  });

  it('other layers (activations, Softmax, Dropout, a leading BatchNorm, PReLU, Maxout) equal the eval-mode forward', () => {
    const m = new Model([
      randomizeBatchNorm(new BatchNorm(12), 1),
      new Dense(12, 10, { seed: 4 }),
      new Sigmoid(),
      new Dense(10, 10, { seed: 5 }),
      new Tanh(),
      new Dropout(0.5, { seed: 6 }),
      new Dense(10, 9, { seed: 7 }),
      new LeakyReLU(),
      new ELU(),
      randomizeBatchNorm(new BatchNorm(9), 2),
      new ReLU(),
      new PReLU(),
      new Maxout(9, 6, 2, { seed: 8 }),
      new Softmax(),
    ]);
    const x = uniform(7 * 12, 3, -2, 2);
    const frozen = m.freeze().predictSync(x);
    const want = Float64Array.from(m.forward(new Tensor(x, [7, 12]), { training: false }).data);
    expect(worstRatio(frozen.data, want, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
  });

  it("keeps one copy of each weight matrix, in the backend's layout, on 64-byte offsets of one shared buffer", () => {
    const m = mlp();
    const linear = m
      .freeze()
      .share()
      .steps.filter((s) => s.kind === 'linear');
    const P = b.info().panel; // native: full-K panels of the GEMM tile width; JS: 0, [inputs, outputs]
    const size = (inputs: number, outputs: number) => (P > 0 ? Math.ceil(outputs / P) * P : outputs) * inputs;
    expect(linear.map((s) => [s.inputs, s.outputs, s.weight.length, s.weightOutIn, s.panel])).toEqual([
      [20, 16, size(20, 16), false, P],
      [16, 8, size(16, 8), false, P],
      [8, 3, size(8, 3), false, P],
    ]);
    for (const s of linear) {
      expect(s.weight.byteOffset % 64).toBe(0);
      expect(s.weight.buffer).toBe(linear[0].weight.buffer);
      expect(s.weight.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(Object.values(s).filter((v) => v instanceof Float32Array)).toHaveLength(2); // weight and bias only
    }
    // The last layer (no BatchNorm after it) is its Dense's weights transposed: w′[p, j] = W[j, p], in a panel of
    // P columns (3 outputs: one panel [8, P], zero past column 3) or [8, 3].
    const w = (m.layers[6] as Dense).weight.value;
    const ld = P > 0 ? P : 3;
    expect(linear[2].weight[5 * ld + 1]).toBe(w[1 * 8 + 5]);
    if (P > 0) expect(linear[2].weight[5 * ld + 3]).toBe(0);
  });

  it('the snapshot is immutable: changing the model afterwards changes Model.predict, not the frozen one', async () => {
    const m = mlp(),
      frozen = m.freeze(),
      x = uniform(4 * 20, 9);
    const before = frozen.predictSync(x).data;
    const live0 = (await m.predict(x)).data;
    for (const l of m.layers as Layer[]) for (const p of l.parameters()) p.value.fill(0.01);
    expect(Array.from(frozen.predictSync(x).data)).toEqual(Array.from(before));
    expect(Array.from((await m.predict(x)).data)).not.toEqual(Array.from(live0));
  });

  it('accepts a Tensor, a Float32Array, a Float64Array, an array of rows and one row; predict in chunks agrees', async () => {
    const m = mlp(),
      frozen = m.freeze(),
      x = uniform(3 * 20, 4);
    const want = Array.from(frozen.predictSync(x).data);
    const rows = [0, 1, 2].map((r) => Array.from(x.subarray(r * 20, r * 20 + 20)));
    expect(Array.from(frozen.predictSync(new Tensor(x, [3, 20])).data)).toEqual(want);
    expect(Array.from(frozen.predictSync(Float64Array.from(x)).data)).toEqual(want);
    expect(Array.from(frozen.predictSync(rows).data)).toEqual(want);
    expect(Array.from(frozen.predictSync(rows[1]).data)).toEqual(want.slice(3, 6));
    expect(Array.from((await frozen.predict(x, { batchSize: 2 })).data)).toEqual(want);
    expect((await frozen.predict([])).shape).toEqual([0, 3]);
  });

  it('applies the model’s preprocessing (standardize) before the plan, frozen and live', async () => {
    const m = mlp();
    const train = new Tensor(uniform(50 * 20, 8, -3, 5), [50, 20]);
    m.preprocessing = standardize().fit(train);
    const x = uniform(2 * 20, 12, -3, 5);
    const want = reference(m, m.preprocessing.transform(new Tensor(x, [2, 20])).data as Float32Array, 2);
    const frozen = m.freeze();
    expect(worstRatio(frozen.predictSync(x).data, want, 1e-5, 1e-4)).toBeLessThanOrEqual(1);
    expect(worstRatio((await m.predict(x)).data, want, 1e-5, 1e-4)).toBeLessThanOrEqual(1);
    expect(frozen.share().preprocessing).toBeNull(); // folded into the first Dense: no step left to run
  });

  it('PCA, whitened PCA and standardize → PCA are folded into the first Dense: same outputs, no step left', async () => {
    for (const [seed, make] of [
      [1, () => new PCA(3)],
      [2, () => new PCA(3, true)],
      [3, () => new Pipeline([standardize(), new PCA(3, true)])],
    ] as const) {
      const m = new Model([new Dense(3, 4, { seed }), new ReLU(), new Dense(4, 2, { seed: seed + 1 })]);
      m.preprocessing = make().fit(new Tensor(uniform(30 * 5, seed + 4, -2, 3), [30, 5]));
      const x = uniform(7 * 5, seed + 6, -2, 3);
      const want = m.forward(m.preprocessing.transform(new Tensor(x, [7, 5])), { training: false }).data;
      const frozen = m.freeze();
      expect(worstRatio(frozen.predictSync(x).data, Float64Array.from(want), 1e-5, 1e-5)).toBeLessThanOrEqual(1);
      expect(worstRatio((await m.predict(x)).data, Float64Array.from(want), 1e-6, 1e-5)).toBeLessThanOrEqual(1);
      const shared = frozen.share();
      expect(shared.preprocessing).toBeNull();
      expect(shared.inputs).toBe(5); // the first product takes the raw rows: [4, 5] weights
      expect(() => frozen.predictSync(new Float32Array(3))).toThrow(
        /expects 5 features per row \((pca|pipeline) 5→3, then Dense/,
      );
    }
  });

  it('PCA before a layer that cannot take it (BatchNorm first) stays a step before the plan', () => {
    const m = new Model([new BatchNorm(3), new Dense(3, 2, { seed: 2 })]);
    m.preprocessing = new PCA(3).fit(new Tensor(uniform(30 * 5, 4, -2, 2), [30, 5]));
    const x = uniform(2 * 5, 6, -2, 2);
    const want = m.forward(m.preprocessing.transform(new Tensor(x, [2, 5])), { training: false }).data;
    expect(worstRatio(m.freeze().predictSync(x).data, Float64Array.from(want), 1e-6, 1e-5)).toBeLessThanOrEqual(1);
    expect(m.freeze().share().preprocessing).toMatchObject({ kind: 'pca' });
  });

  it('bad input: wrong width, NaN, a string, not an array — a clear error naming the row and column', async () => {
    const frozen = mlp().freeze();
    const row = Array.from({ length: 20 }, () => 0.5);
    expect(() => frozen.predictSync([row, row.slice(0, 19)])).toThrow(
      /predictSync: the model expects 20 features per row \(Dense\(20→16\)\), got 19 in row 1/,
    );
    expect(() => frozen.predictSync(new Float32Array(21))).toThrow(
      /expects 20 features per row \(Dense\(20→16\)\), got 21 values, not a whole number of rows/,
    );
    const nan = new Float32Array(40);
    nan[27] = NaN;
    expect(() => frozen.predictSync(nan)).toThrow(/row 1, column 7: expected a finite number, got NaN/);
    const inf = new Float64Array(60);
    inf[43] = -Infinity;
    expect(() => frozen.predictSync(inf)).toThrow(/row 2, column 3: expected a finite number, got -Infinity/);
    expect(() => frozen.predictSync([row, [...row.slice(0, 3), 'x' as never, ...row.slice(4)]])).toThrow(
      /row 1, column 3: expected a finite number, got the string "x"/,
    );
    expect(() => frozen.predictSync('rows' as never)).toThrow(/input must be a Tensor, a Float32Array or an array/);
    expect(() => frozen.predictSync(new Tensor(new Float32Array(30), [3, 10]))).toThrow(
      /expects 20 features per row \(Dense\(20→16\)\), got a Tensor \[3, 10\]/,
    );
    await expect(frozen.predict([[1]])).rejects.toThrow(/got 1 in row 0/);
    await expect(mlp().predict([[1]])).rejects.toThrow(
      /predict: the model expects 20 features per row \(Dense\(20→16\)\), got 1 in row 0/,
    );
  });
});
