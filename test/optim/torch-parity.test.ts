// Optimizers against torch.optim (fixtures from test/fixtures/gen-torch.py): weights after each of 4 steps and
// the final state (momentum buffer, Adam moments, RMSProp averages).
import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { newParam } from '../../src/nn/param';
import { Adam } from '../../src/optim/adam';
import type { Optimizer } from '../../src/optim/optimizer';
import { RMSProp } from '../../src/optim/rmsprop';
import { SGD } from '../../src/optim/sgd';
import type { DType } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import { worstRatio } from '../helpers/random';
import fixtures from '../fixtures/torch-optim.json';

interface OptimCase {
  type: string;
  options: Record<string, unknown>;
  w0: number[];
  grads: number[][];
  after: number[][];
  state: Record<string, number[]>;
}

const make = (c: OptimCase): Optimizer => {
  switch (c.type) {
    case 'SGD':
      return new SGD(c.options as never);
    case 'Adam':
      return new Adam(c.options);
    default:
      return new RMSProp(c.options);
  }
};

function runAll(dtype: DType, tol: number): void {
  for (const c of fixtures.cases as OptimCase[]) {
    const p = newParam('w', [c.w0.length], dtype),
      opt = make(c),
      what = `${c.type} ${JSON.stringify(c.options)}`;
    p.value.set(c.w0);
    c.grads.forEach((g, t) => {
      p.grad.set(g);
      opt.step([p]);
      expect(worstRatio(p.value, c.after[t], tol * 0.1, tol), `${what} step ${t + 1}`).toBeLessThanOrEqual(1);
    });
    const slots = opt.state().slots.w;
    for (const [k, want] of Object.entries(c.state)) {
      expect(worstRatio(slots[k] as ArrayLike<number>, want, tol * 0.1, tol), `${what} state ${k}`).toBeLessThanOrEqual(
        1,
      );
    }
  }
}

describeEachBackend('PyTorch parity: optimizers (float32)', (b) => {
  it('SGD (plain, momentum, Nesterov + weight decay), Adam (± weight decay), RMSProp (± momentum)', () => {
    setBackend(b.name);
    runAll('float32', 1e-5);
  });
});

it('PyTorch parity: optimizers in float64 (JS backend) agree to round-off', () => {
  runAll('float64', 1e-11);
});
