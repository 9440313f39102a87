// Long passes over the data run as steps (src/time-slice.ts): drain gives the event loop a turn at least every
// SLICE_MS, the preprocessors' fitSteps yield between blocks of rows and replace their statistics only at the end,
// and transformSteps over blocks of rows equals one transform.
import { describe, expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { PCA, standardize, transformSteps } from '../../src/data/preprocess';
import { checkDatasetSteps } from '../../src/data/dataset';
import { Model } from '../../src/model';
import { Dense } from '../../src/nn';
import { Tensor } from '../../src/tensor';
import { blockRows, drain, drainSync, SLICE_MS } from '../../src/time-slice';
import { describeEachBackend } from '../helpers/backends';
import { rng } from '../helpers/random';

function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

function data(n: number, d: number, seed: number): Tensor {
  const r = rng(seed);
  return new Tensor(
    Float32Array.from({ length: n * d }, (_, i) => (r() - 0.5) * 4 + (i % d)),
    [n, d],
  );
}

/** Bitwise equality of two float arrays (toEqual on 100 000-element typed arrays takes seconds). */
function sameBits(a: Float32Array | Float64Array, b: Float32Array | Float64Array): boolean {
  return (
    a.constructor === b.constructor &&
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))
  );
}

function countYields(steps: Generator<void, unknown>): number {
  let n = 0;
  while (!steps.next().done) n++;
  return n;
}

describe('drain', () => {
  it('lets the event loop run between steps longer than a slice, and returns the result', async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 0);
    function* slow(): Generator<void, string> {
      for (let i = 0; i < 6; i++) {
        busy(SLICE_MS + 1);
        yield;
      }
      return 'done';
    }
    const before = ticks;
    expect(await drain(slow())).toBe('done');
    clearInterval(ticker);
    expect(ticks - before).toBeGreaterThanOrEqual(5); // a turn of the loop after (at least) each of the steps
    expect(drainSync(slow())).toBe('done');
  });
});

describeEachBackend('preprocessing as steps', (b) => {
  it('standardize and PCA yield between blocks of rows; checkDataset too', () => {
    setBackend(b.name);
    const d = 64,
      n = blockRows(d) * 5;
    const x = data(n, d, 1);
    expect(countYields(standardize().fitSteps(x))).toBe(10); // two passes, five blocks each
    expect(countYields(new PCA(4).fitSteps(data(500, 16, 2)))).toBeGreaterThan(15); // ≥ one Jacobi sweep of 15 rows
    expect(countYields(checkDatasetSteps({ x, y: new Int32Array(n) }))).toBe(5);
  });

  it('a transform during fitSteps uses the previous statistics, the new ones only when done', () => {
    setBackend(b.name);
    const p = standardize().fit(data(100, 8, 3));
    const probe = data(3, 8, 4);
    const before = p.transform(probe).data.slice();
    const steps = p.fitSteps(data(blockRows(8) * 3, 8, 5).sliceRows(0, blockRows(8) * 3));
    steps.next();
    steps.next();
    expect(p.transform(probe).data).toEqual(before);
    drainSync(steps);
    expect(p.transform(probe).data).not.toEqual(before);
  });

  it('transformSteps over blocks of rows equals one transform; without a preprocessor it converts to float32', async () => {
    setBackend(b.name);
    const x = data(blockRows(32) * 2 + 7, 32, 6);
    const p = standardize().fit(x);
    expect(sameBits((await drain(transformSteps(p, x))).data, p.transform(x).data)).toBe(true);
    const pca = new PCA(5, true).fit(x.sliceRows(0, 300));
    const projected = await drain(transformSteps(pca, x));
    expect(projected.shape).toEqual([x.rows, 5]);
    expect(sameBits(projected.data, pca.transform(x).data)).toBe(true);
    expect(drainSync(transformSteps(undefined, x))).toBe(x);
    const x64 = x.to('float64');
    const back = drainSync(transformSteps(undefined, x64));
    expect(sameBits(back.data, x.data)).toBe(true);
    expect(sameBits(back.data, p.transform(x).data)).toBe(false); // sameBits can fail
  });
});

describeEachBackend('fit prepares in time slices', (b) => {
  it('the event loop runs while fit checks, fits the preprocessing and transforms 5M values', async () => {
    setBackend(b.name);
    const n = 40000,
      d = 128;
    const x = data(n, d, 7);
    let ticks = 0,
      ticksBeforeTraining = -1;
    const ticker = setInterval(() => ticks++, 0);
    const start = ticks;
    await new Model([new Dense(d, 2, { seed: 1 })]).fit(
      { x, y: Int32Array.from({ length: n }, (_, i) => i % 2) },
      {
        epochs: 1,
        batchSize: n, // one batch: the ticks counted are the preparation's
        preprocess: standardize(),
        babysit: false,
        callbacks: { onTrainStart: () => void (ticksBeforeTraining = ticks - start) },
      },
    );
    clearInterval(ticker);
    expect(ticksBeforeTraining).toBeGreaterThanOrEqual(1); // ≥ 4 passes over 5M values: several slices
  });
});
