import { expect, it } from 'vitest';
import { optimizerFromConfig, optimizerFromName } from '../../src/optim/from-name';

it('optimizers from names and from config(); a wrong name lists the valid ones', () => {
  const sgd = optimizerFromName('SGD', { lr: 0.1, momentum: 0.9, nesterov: true });
  expect(sgd.config()).toEqual({ type: 'SGD', lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0 });
  expect(optimizerFromConfig(sgd.config()).config()).toEqual(sgd.config());
  const adam = optimizerFromName('adam', { lr: 0.002, weightDecay: 0.01 });
  expect(optimizerFromConfig(adam.config()).config()).toEqual(adam.config());
  expect(optimizerFromName('rmsprop').config().type).toBe('RMSProp');
  expect(() => optimizerFromName('adagrad')).toThrow(/unknown optimizer "adagrad"; valid: sgd, adam, rmsprop/);
});
