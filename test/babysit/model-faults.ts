// Models with the lecture's injected faults, shared by the babysit tests. Small, on the digits data (64 inputs,
// 10 classes), seeded.
import { loadDigits } from '../../src/data/digits';
import type { Dataset } from '../../src/data/dataset';
import { subset } from '../../src/data/dataset';
import { standardize } from '../../src/data/preprocess';
import type { InitName } from '../../src/init';
import { Dense, Layer, ReLU, Chain, Tanh, registerLayer } from '../../src/nn';
import type { LayerConfig } from '../../src/nn';
import type { Tensor } from '../../src/tensor';

/** Standardized digits: `trainRows` training rows, and the 359-row test set as validation. */
export async function digits(trainRows?: number): Promise<{ train: Dataset; validation: Dataset }> {
  const { train, test } = await loadDigits();
  const st = standardize().fit(train.x);
  const t = { ...train, x: st.transform(train.x) };
  return {
    train: trainRows
      ? subset(
          t,
          Array.from({ length: trainRows }, (_, i) => i),
        )
      : t,
    validation: { ...test, x: st.transform(test.x) },
  };
}

/** 64 → hidden… → 10 with the given activation and init for the hidden layers; the output layer Xavier unless
 *  `outputInit` says otherwise. */
export function mlp(
  hidden: number[],
  act: 'relu' | 'tanh',
  init: InitName,
  seed = 1,
  outputInit: InitName = 'xavier',
): Chain {
  const layers: Layer[] = [];
  let width = 64;
  hidden.forEach((h, i) => {
    layers.push(new Dense(width, h, { init, seed: seed + i }), act === 'relu' ? new ReLU() : new Tanh());
    width = h;
  });
  layers.push(new Dense(width, 10, { init: outputInit, seed: seed + 100 }));
  return new Chain(layers);
}

/** y = 2x, whose backward forgets the factor 2 (returns dy): a bug the gradient check must catch. */
export class DoubleWithWrongBackward extends Layer {
  describe(): string {
    return 'DoubleWithWrongBackward';
  }
  forward(x: Tensor): Tensor {
    const y = x.clone();
    for (let i = 0; i < y.data.length; i++) y.data[i] *= 2;
    return y;
  }
  backward(dy: Tensor): Tensor {
    return dy.clone(); // wrong: dx = 2·dy
  }
  config(): LayerConfig {
    return { type: 'DoubleWithWrongBackward' };
  }
}
registerLayer('DoubleWithWrongBackward', () => new DoubleWithWrongBackward());
