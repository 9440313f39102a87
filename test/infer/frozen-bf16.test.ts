// freeze({ precision }): which plan each precision gives on each backend (bf16 only where the backend runs it:
// native with AVX512_BF16, the policy of training's precision), the bf16 plan's outputs against an independent
// float64 forward on bf16-rounded layer inputs and folded weights (helpers/bf16.ts), a trained digits model's bf16
// predictions against its fp32 ones within a stated tolerance, a bf16 plan run by the JS reference, share() with
// worker_threads, one warning for an explicit bf16 that cannot run, and a bad precision named.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { beforeEach, expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { loadDigits } from '../../src/data';
import { standardize } from '../../src/data/preprocess';
import { FrozenModel } from '../../src/infer/frozen-model';
import { Model } from '../../src/model';
import { BatchNorm, Dense, PReLU, ReLU } from '../../src/nn';
import { Tensor } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import { bf16Reference } from '../helpers/bf16';
import { ensureDist, root } from '../helpers/dist';
import { uniform, worstRatio } from '../helpers/random';

function randomizedBatchNorm(features: number, seed: number): BatchNorm {
  const bn = new BatchNorm(features);
  bn.gamma.value.set(uniform(features, seed, 0.5, 2));
  bn.beta.value.set(uniform(features, seed + 1, -1, 1));
  bn.runningMean.value.set(uniform(features, seed + 2, -0.5, 0.5));
  bn.runningVar.value.set(uniform(features, seed + 3, 0.2, 3));
  return bn;
}

// 40 → 70 → 33 → 10 (widths past one 32-column panel and off the 16-lane vectors), BatchNorm + ReLU after the
// first two.
function mlp(): Model {
  return new Model([
    new Dense(40, 70, { seed: 1 }),
    randomizedBatchNorm(70, 10),
    new ReLU(),
    new Dense(70, 33, { seed: 2 }),
    randomizedBatchNorm(33, 20),
    new ReLU(),
    new Dense(33, 10, { seed: 3 }),
  ]);
}

// The reference: each Dense with the BatchNorm after it folded in float64 (W' = s·W, b' = s·(b − μ) + β,
// s = γ/√(σ² + ε)), its input and W' rounded to bf16 (bf16Reference rounds through float32, as the fold's
// float32 copy does), summed in float64; ReLU where it follows.
function bf16Forward(m: Model, x: Float32Array, rows: number): Float64Array {
  let h = Float64Array.from(x),
    width = (m.layers[0] as Dense).inFeatures;
  for (let i = 0; i < m.layers.length; i++) {
    const l = m.layers[i];
    if (!(l instanceof Dense)) continue;
    const bn = m.layers[i + 1] instanceof BatchNorm ? (m.layers[i + 1] as BatchNorm) : undefined;
    const relu = m.layers.slice(i + 1, i + 3).some((n) => n instanceof ReLU);
    const out = new Float64Array(rows * l.outFeatures);
    for (let j = 0; j < l.outFeatures; j++) {
      const s = bn ? bn.gamma.value[j] / Math.sqrt(bn.runningVar.value[j] + bn.eps) : 1;
      const b = l.bias ? l.bias.value[j] : 0;
      const bias = bn ? Math.fround(s * (b - bn.runningMean.value[j]) + bn.beta.value[j]) : b;
      const w = Array.from({ length: width }, (_, p) => bf16Reference(s * l.weight.value[j * width + p]));
      for (let r = 0; r < rows; r++) {
        let sum = bias;
        for (let p = 0; p < width; p++) sum += bf16Reference(h[r * width + p]) * w[p];
        out[r * l.outFeatures + j] = relu && sum < 0 ? 0 : sum;
      }
    }
    [h, width] = [out, l.outFeatures];
  }
  return h;
}

const softmaxRows = (z: Float32Array, cols: number): Float64Array => {
  const p = new Float64Array(z.length);
  for (let r = 0; r < z.length / cols; r++) {
    const row = z.subarray(r * cols, (r + 1) * cols),
      max = Math.max(...row);
    const e = Array.from(row, (v) => Math.exp(v - max)),
      sum = e.reduce((a, b) => a + b, 0);
    e.forEach((v, c) => (p[r * cols + c] = v / sum));
  }
  return p;
};
const argmax = (p: ArrayLike<number>, r: number, cols: number): number => {
  let best = 0;
  for (let c = 1; c < cols; c++) if (p[r * cols + c] > p[r * cols + best]) best = c;
  return best;
};

describeEachBackend('freeze({ precision })', (b) => {
  const native = b.info().bf16;
  beforeEach(() => {
    setBackend(b.name);
  });

  it(`gives bf16 weights ${native ? 'for bf16 and auto' : 'for no precision here (no bf16 instructions)'}, fp32 by default`, () => {
    const m = mlp();
    expect(m.freeze().precision).toBe('fp32');
    expect(m.freeze({ precision: 'fp32' }).precision).toBe('fp32');
    expect(m.freeze({ precision: 'auto' }).precision).toBe(native ? 'bf16' : 'fp32');
    expect(m.freeze({ precision: 'bf16' }).precision).toBe(native ? 'bf16' : 'fp32');
  });

  it('names a precision it does not know', () => {
    expect(() => mlp().freeze({ precision: 'fp16' as never })).toThrow(
      /freeze: precision must be one of fp32, bf16, auto, got fp16/,
    );
  });

  it.runIf(native)(
    'bf16 outputs: a float64 forward on bf16-rounded layer inputs and folded weights, batch 1 to 40',
    () => {
      const m = mlp(),
        frozen = m.freeze({ precision: 'bf16' }),
        fp32 = m.freeze();
      for (const rows of [1, 3, 8, 9, 40]) {
        const x = uniform(rows * 40, rows, -2, 2);
        const got = frozen.predictSync(new Tensor(x, [rows, 40])).data;
        const want = bf16Forward(m, x, rows);
        expect(worstRatio(got, want, 1e-5 * 4 * Math.sqrt(71), 1e-5), `rows ${rows}`).toBeLessThanOrEqual(1);
        // and the test can tell: the fp32 plan is off this reference by far more than its tolerance
        const off = worstRatio(fp32.predictSync(new Tensor(x, [rows, 40])).data, want, 1e-5 * 4 * Math.sqrt(71), 1e-5);
        expect(off, `rows ${rows}`).toBeGreaterThan(10);
      }
    },
  );

  it.runIf(native)(
    'a bf16 plan frozen on native runs the same on the JS reference (a worker on the JS backend)',
    () => {
      const frozen = mlp().freeze({ precision: 'bf16' });
      const x = new Tensor(uniform(12 * 40, 7, -2, 2), [12, 40]);
      const onNative = frozen.predictSync(x).data;
      setBackend('js');
      expect(worstRatio(frozen.predictSync(x).data, onNative, 1e-5 * 4 * Math.sqrt(71), 1e-5)).toBeLessThanOrEqual(1);
    },
  );

  it.runIf(native)(
    'a trained digits MLP: bf16 probabilities within 0.02 of fp32, at most 1 % of argmaxes changed',
    async () => {
      const { train, test } = await loadDigits();
      const m = new Model([
        new Dense(64, 128, { seed: 4 }),
        new BatchNorm(128),
        new ReLU(),
        new Dense(128, 10, { seed: 5 }),
      ]);
      await m.fit(train, { epochs: 8, batchSize: 32, preprocess: standardize(), babysit: false, seed: 1 });
      const fp32 = softmaxRows(m.freeze().predictSync(test.x).data, 10);
      const bf16 = softmaxRows(m.freeze({ precision: 'bf16' }).predictSync(test.x).data, 10);
      let changed = 0,
        maxDelta = 0;
      for (let r = 0; r < test.x.rows; r++) if (argmax(fp32, r, 10) !== argmax(bf16, r, 10)) changed++;
      for (let i = 0; i < fp32.length; i++) maxDelta = Math.max(maxDelta, Math.abs(fp32[i] - bf16[i]));
      expect(maxDelta).toBeLessThan(0.02);
      expect(maxDelta).toBeGreaterThan(0); // bf16 weights really changed something
      expect(changed / test.x.rows).toBeLessThanOrEqual(0.01);
    },
  );

  it.runIf(native)(
    'share(): worker_threads predict what the main thread predicts, on the same bf16 panels',
    async () => {
      ensureDist();
      const model = new Model([
        new Dense(8, 40, { seed: 1 }),
        new BatchNorm(40),
        new ReLU(),
        new PReLU(),
        new Dense(40, 3),
      ]);
      model.preprocessing = standardize().fit(new Tensor(uniform(40 * 8, 5, -3, 4), [40, 8]));
      const frozen = model.freeze({ precision: 'bf16' });
      const row = Array.from(uniform(8, 3, -2, 2));
      const script = `
      const { parentPort, workerData } = require('node:worker_threads');
      const nnkit = require(${JSON.stringify(path.join(root, 'dist'))});
      const frozen = nnkit.FrozenModel.fromShared(workerData.model);
      const w = workerData.model.steps[0].weight;
      parentPort.postMessage({ out: Array.from(frozen.predictSync(workerData.row).data), precision: frozen.precision,
        shared: w instanceof Uint16Array && w.buffer instanceof SharedArrayBuffer });`;
      const worker = new Worker(script, { eval: true, workerData: { model: frozen.share(), row } });
      const r = await new Promise<{ out: number[]; precision: string; shared: boolean }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      await worker.terminate();
      expect(r).toEqual({ out: Array.from(frozen.predictSync(row).data), precision: 'bf16', shared: true });
      expect(FrozenModel.fromShared(frozen.share()).precision).toBe('bf16');
    },
  );
});

it('an explicit bf16 the backend cannot run: one process warning for any number of freezes, fp32 plans', () => {
  ensureDist();
  const script = `
    const nnkit = require(${JSON.stringify(path.join(root, 'dist'))});
    const m = new nnkit.Sequential([new nnkit.nn.Dense(4, 3)]);
    const p = [m.freeze({ precision: 'bf16' }).precision, m.freeze({ precision: 'bf16' }).precision];
    console.log(JSON.stringify(p));`;
  const r = spawnSync(process.execPath, ['-e', script], {
    env: { ...process.env, NNKIT_BACKEND: 'js' },
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual(['fp32', 'fp32']);
  const warnings = r.stderr.match(
    /NnkitPrecisionWarning: freeze precision 'bf16': the JS backend has no bf16 instructions; freezing in fp32/g,
  );
  expect(warnings).toHaveLength(1);
});
