// Mixed precision: Dense matrix products on bf16 inputs (Backend.gemmBf16) with everything else in fp32. Training
// with bf16 products tracks fp32 training (both backends: the JS backend emulates gemmBf16); fit's precision option
// runs bf16 exactly where the backend has bf16 instructions, warns once and trains fp32 where it has not, restores
// the layers afterwards, is reproducible, and rejects unknown values.
import { describe, expect, it, vi } from 'vitest';
import { setBackend } from '../../src/backend';
import type { Dataset } from '../../src/data';
import { Model } from '../../src/model';
import { BatchNorm, Dense, ReLU } from '../../src/nn';
import { SGD } from '../../src/optim';
import { Tensor } from '../../src/tensor';
import { SoftmaxCrossEntropy } from '../../src/losses';
import { describeEachBackend } from '../helpers/backends';
import { rng } from '../helpers/random';

/** Five noisy clusters in 40-D: enough inputs per product for bf16 rounding to show in the loss. */
function clusters(n: number, seed: number): Dataset {
  const r = rng(seed);
  const d = 40,
    x = new Float32Array(n * d),
    y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 5;
    for (let j = 0; j < d; j++) x[i * d + j] = (j % 5 === y[i] ? 1 : 0) + (r() - 0.5) * 2;
  }
  return { x: new Tensor(x, [n, d]), y, numClasses: 5 };
}

function model(): Model {
  return new Model([new Dense(40, 64, { seed: 3 }), new BatchNorm(64), new ReLU(), new Dense(64, 5, { seed: 4 })]);
}

function denseLayers(m: Model): Dense[] {
  return m.layers.filter((l): l is Dense => l instanceof Dense);
}

// 200 SGD steps over batches of 32; returns the loss of every step.
function trainSteps(m: Model, data: Dataset, steps: number): number[] {
  const loss = new SoftmaxCrossEntropy(),
    opt = new SGD({ lr: 0.05, momentum: 0.9 }),
    losses: number[] = [];
  const n = data.x.rows,
    bs = 32;
  for (let s = 0; s < steps; s++) {
    const lo = (s * bs) % (n - bs);
    m.zeroGrad();
    const out = m.forward(data.x.sliceRows(lo, lo + bs), { training: true });
    losses.push(loss.forward(out, (data.y as Int32Array).subarray(lo, lo + bs)));
    m.backward(loss.backward());
    opt.step(m.parameters());
  }
  return losses;
}

const weights = (m: Model) => m.parameters().map((p) => Array.from(p.value));

describe('fit precision on a backend without bf16 instructions (js)', () => {
  it('explicit bf16 warns once, naming the reason, and trains exactly as fp32', async () => {
    setBackend('js');
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const data = clusters(256, 1);
    const fp32 = model(),
      bf16 = model(),
      again = model();
    await fp32.fit(data, { epochs: 1, batchSize: 32, babysit: false });
    await bf16.fit(data, { epochs: 1, batchSize: 32, babysit: false, precision: 'bf16' });
    await again.fit(data, { epochs: 1, batchSize: 32, babysit: false, precision: 'bf16' });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/bf16.*JS backend.*fp32/);
    expect(weights(bf16)).toEqual(weights(fp32));
    warn.mockRestore();
  });
});

describeEachBackend('mixed precision', (b) => {
  it('bf16 Dense products track fp32 training over 200 steps (loss within 0.01 + 1 %), and differ from it', () => {
    setBackend(b.name);
    const data = clusters(512, 2);
    const fp32 = model(),
      bf16 = model();
    for (const l of denseLayers(bf16)) l.matmulPrecision = 'bf16';
    const a = trainSteps(fp32, data, 200),
      c = trainSteps(bf16, data, 200);
    let worst = 0;
    for (let s = 0; s < a.length; s++) worst = Math.max(worst, Math.abs(c[s] - a[s]) / (0.01 + 0.01 * a[s]));
    expect(worst).toBeLessThanOrEqual(1);
    expect(a[199]).toBeLessThan(0.5 * a[0]); // both actually trained
    expect(c[199]).toBeLessThan(0.5 * c[0]);
    expect(Math.max(...a.map((v, s) => Math.abs(v - c[s])))).toBeGreaterThan(1e-6); // bf16 was in use
    for (const p of bf16.parameters()) expect(p.value).toBeInstanceOf(Float32Array); // fp32 master weights
  });

  it("fit precision 'bf16' and 'auto' run bf16 exactly when info().bf16, are seeded, and restore the layers", async () => {
    setBackend(b.name);
    const data = clusters(256, 3);
    const run = async (precision: 'fp32' | 'bf16' | 'auto') => {
      const m = model();
      await m.fit(data, { epochs: 1, batchSize: 32, babysit: false, precision });
      expect(denseLayers(m).map((l) => l.matmulPrecision)).toEqual(['fp32', 'fp32']);
      return weights(m);
    };
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const fp32 = await run('fp32'),
      bf16 = await run('bf16'),
      auto = await run('auto');
    warn.mockRestore();
    expect(auto).toEqual(bf16);
    if (b.info().bf16) expect(bf16).not.toEqual(fp32);
    else expect(bf16).toEqual(fp32);
    expect(await run('bf16')).toEqual(bf16); // same seed, same machine: same weights
  });

  it('rejects an unknown precision, naming the option', async () => {
    setBackend(b.name);
    const bad = { precision: 'fp16' } as unknown as { precision: 'fp32' };
    await expect(model().fit(clusters(64, 4), { epochs: 1, ...bad })).rejects.toThrow(/fit: precision must be one of/);
  });
});
