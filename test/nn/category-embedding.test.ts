// CategoryEmbedding: PyTorch 1.13 parity (test/fixtures/gen-torch-embedding.py: outputs, input and embedding
// gradients incl. repeated indices), float64 centered differences for the embeddings and the dense inputs, and
// index errors naming row and column.
import { describe, expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { CategoryEmbedding } from '../../src/nn/category-embedding';
import { layerFromConfig } from '../../src/nn/registry';
import { Tensor } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import { check, setParams, type LayerCase } from '../helpers/torch-cases';
import fixtures from '../fixtures/torch-embedding.json';

const cases = fixtures.cases as unknown as LayerCase[];

describeEachBackend('CategoryEmbedding', (b) => {
  it('matches PyTorch nn.Embedding per column (float32): outputs, dx, embedding gradients', () => {
    setBackend(b.name);
    expect(cases.length).toBe(3);
    for (const c of cases) {
      const layer = layerFromConfig(c.config, { dtype: 'float32' });
      setParams(layer, c.params);
      check(layer, c, 'float32');
    }
  });
});

describe('CategoryEmbedding gradients and errors', () => {
  it('float64 parity with PyTorch to round-off', () => {
    for (const c of cases) {
      const layer = layerFromConfig(c.config, { dtype: 'float64' });
      setParams(layer, c.params);
      check(layer, c, 'float64');
    }
  });

  it('agrees with centered differences of L = Σ w ⊙ y for the embeddings and the dense inputs', () => {
    const layer = new CategoryEmbedding(2, [3, 4], [2, 3], { seed: 5, dtype: 'float64' });
    const x = Tensor.from([0.5, -1, 2, 3, 1.5, 0.25, 0, 1, -0.7, 2, 2, 3], [3, 4], 'float64');
    const w = Array.from({ length: 3 * layer.outFeatures }, (_, k) => Math.cos(k + 0.5));
    const lossOf = () => layer.forward(x).data.reduce((a: number, v: number, k: number) => a + v * w[k], 0);
    layer.zeroGrad();
    layer.forward(x);
    const dx = Array.from(layer.backward(Tensor.from(w, [3, layer.outFeatures], 'float64')).data);
    const eps = 1e-6;
    const numeric = (arr: Float64Array | Float32Array, i: number) => {
      const v = arr[i];
      arr[i] = v + eps;
      const up = lossOf();
      arr[i] = v - eps;
      const down = lossOf();
      arr[i] = v;
      return (up - down) / (2 * eps);
    };
    for (const t of layer.tables)
      for (let i = 0; i < t.value.length; i++) expect(t.grad[i]).toBeCloseTo(numeric(t.value, i), 8);
    for (let r = 0; r < 3; r++) {
      for (let j = 0; j < 2; j++) expect(dx[r * 4 + j]).toBeCloseTo(numeric(x.data, r * 4 + j), 8);
      expect([dx[r * 4 + 2], dx[r * 4 + 3]]).toEqual([0, 0]);
    }
  });

  it('an index that is not a whole number in range is an error naming row and column', () => {
    const layer = new CategoryEmbedding(1, [3], [2], { seed: 1 });
    expect(() => layer.forward(Tensor.from([0.5, 3], [1, 2]))).toThrow(
      /row 0, column 1 is 3; expected a category index in \[0, 3\)/,
    );
    expect(() => layer.forward(Tensor.from([0.5, 1, 0.5, 1.5], [2, 2]))).toThrow(/row 1, column 1 is 1.5/);
    expect(() => new CategoryEmbedding(1, [3, 2], [2])).toThrow(/same length/);
  });
});
