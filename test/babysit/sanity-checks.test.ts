// babysit.check on real (small) models and the digits data, each injected fault diagnosed with its id, and a
// healthy model with no warn/error finding.
import { beforeAll, expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { atLeast } from '../../src/babysit/findings';
import { check } from '../../src/babysit/sanity-checks';
import type { Dataset } from '../../src/data/dataset';
import { Dense, ReLU, Chain } from '../../src/nn';
import { describeEachBackend } from '../helpers/backends';
import { DoubleWithWrongBackward, digits, mlp } from './model-faults';

const ids = (r: { findings: { id: string }[] }) => r.findings.map((f) => f.id);

describeEachBackend('babysit.check', (b) => {
  let data: Dataset;
  beforeAll(async () => {
    setBackend(b.name);
    data = (await digits(400)).train;
  });

  it('passes a healthy model with no warn/error finding, and measures the initial loss correctly', async () => {
    const model = mlp([64], 'relu', 'he');
    const r = await check(model, data, { probeRows: data.x.rows });
    expect(atLeast(r.findings, 'warn')).toEqual([]);
    for (const c of Object.values(r.checks)) expect(c.passed).toBe(true);
    // initial loss against a naive softmax cross-entropy written here
    const z = model.forward(data.x, { training: true }),
      C = 10;
    let sum = 0;
    for (let i = 0; i < data.x.rows; i++) {
      const row = Array.from(z.data.subarray(i * C, i * C + C));
      const m = Math.max(...row);
      sum += m + Math.log(row.reduce((a, v) => a + Math.exp(v - m), 0)) - row[data.y[i]];
    }
    expect(r.checks['init-loss'].measured as number).toBeCloseTo(sum / data.x.rows, 4);
    expect(r.checks['init-loss'].expected).toBeCloseTo(Math.log(10), 12);
    expect(r.checks['overfit-tiny']).toMatchObject({ passed: true, accuracy: 1 });
    expect(r.checks.gradcheck.maxRelError as number).toBeLessThan(1e-6);
  });

  it('leaves the model untouched', async () => {
    const model = mlp([32], 'relu', 'he');
    const before = model.parameters().map((p) => p.value.slice());
    await check(model, data);
    model.parameters().forEach((p, i) => expect(p.value).toEqual(before[i]));
  });

  it('zero init: symmetric-init (and it cannot overfit, nor does L2 raise the loss)', async () => {
    const r = await check(mlp([32], 'relu', 'zeros', 1, 'zeros'), data);
    expect(ids(r)).toEqual(expect.arrayContaining(['symmetric-init', 'overfit-tiny-failed', 'regularization']));
    expect(r.checks.gradcheck.passed).toBe(true); // jittered copy: no false gradcheck alarm at the ReLU kinks
  });

  it('unit-normal init in a 3-layer tanh net: saturation, and an initial loss far above ln 10', async () => {
    const r = await check(mlp([64, 64], 'tanh', 'unit-normal', 1, 'unit-normal'), data);
    expect(ids(r)).toEqual(expect.arrayContaining(['saturation', 'init-loss']));
    expect(r.findings.find((f) => f.id === 'init-loss')!.message).toMatch(/expected about ln 10 = 2\.30/);
  });

  it('small-normal init in a deep net: vanishing-activations', async () => {
    const r = await check(mlp([64, 64, 64, 64, 64], 'tanh', 'small-normal'), data, { tinyRates: [0.1], tinySteps: 50 });
    expect(ids(r)).toContain('vanishing-activations');
  });

  it('ReLUs pushed below zero by a large negative bias: dead-relu', async () => {
    const model = mlp([32], 'relu', 'he');
    (model.layers[0] as Dense).bias!.value.fill(-50);
    const r = await check(model, data, { tinyRates: [0.1], tinySteps: 20 });
    expect(ids(r)).toContain('dead-relu');
    expect(r.checks.activations.layers[0].deadFraction).toBe(1);
  });

  it('a layer with a wrong backward: gradcheck-failed, naming where', async () => {
    const model = new Chain([
      new Dense(64, 16, { seed: 3 }),
      new ReLU(),
      new DoubleWithWrongBackward(),
      new Dense(16, 10, { init: 'xavier', seed: 4 }),
    ]);
    const r = await check(model, data, { tinyRates: [0.1], tinySteps: 50 });
    expect(ids(r)).toContain('gradcheck-failed');
    expect(r.checks.gradcheck.maxRelError as number).toBeGreaterThan(0.1);
  });

  it('rejects bad arguments with a clear error', async () => {
    await expect(check({} as never, data)).rejects.toThrow(/check: model must be a Layer/);
    await expect(check(mlp([8], 'relu', 'he'), { x: data.x, y: new Int32Array(3) } as Dataset)).rejects.toThrow(
      /check: data: x has 400 rows but y has 3/,
    );
    await expect(check(new Chain([new Dense(10, 10)]), data)).rejects.toThrow(/Dense\(10→10\)/);
  });
});
