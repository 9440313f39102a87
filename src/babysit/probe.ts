// Looking inside a model without changing it: the leaf layers in order, activation statistics of each nonlinear
// layer on a probe batch, and weight-row symmetry of every 2-D weight (Dense W [out, in]: one row per unit).
// Forward runs in training mode by default (what the first steps see: batch statistics in BatchNorm), Dropout
// excepted; BatchNorm running estimates are restored afterwards, so the model's state is as before and a probe
// during fit changes nothing that training computes.
import type { Layer, Param } from '../nn/layer';
import { Chain } from '../nn/chain';
import type { Tensor } from '../tensor';
import {
  activationStats,
  identicalRowsFraction,
  type ActivationKind,
  type ActivationStats,
  type SymmetricWeights,
} from './activation-stats';

/** Layer types whose output is judged as an activation, and how. */
const KINDS: Record<string, ActivationKind> = {
  ReLU: 'relu',
  Tanh: 'tanh',
  Sigmoid: 'sigmoid',
  LeakyReLU: 'other',
  ELU: 'other',
  PReLU: 'other',
  Maxout: 'other',
};

/** The leaves of nested Sequentials, in forward order. */
export function leafLayers(model: Layer): Layer[] {
  return model instanceof Chain ? model.layers.flatMap(leafLayers) : [model];
}

export function activationKind(layer: Layer): ActivationKind | undefined {
  const config = layer.config();
  // BatchNorm(h, { relu: true }) ends in a ReLU (the recipes' fused layer): its output is judged as one
  if (config.type === 'BatchNorm' && config.relu === true) return 'relu';
  return KINDS[config.type];
}

/** Activation statistics of every nonlinear leaf layer of `model` on `x` (in forward order); training mode unless
 *  told otherwise. */
export function probeActivations(model: Layer, x: Tensor, opts: { training?: boolean } = {}): ActivationStats[] {
  const training = opts.training ?? true;
  const leaves = leafLayers(model);
  const saved = model.buffers().map((b) => b.value.slice());
  const stats: ActivationStats[] = [];
  try {
    let h = x;
    leaves.forEach((layer, i) => {
      // Dropout stays in eval mode (the identity): drawing a mask would advance its random stream and change training.
      h = layer.forward(h, { training: training && layer.config().type !== 'Dropout' });
      const kind = activationKind(layer);
      if (kind) stats.push(activationStats(`${layer.describe()}#${i}`, kind, h.data, h.rows, h.cols));
    });
  } finally {
    model.buffers().forEach((b, i) => b.value.set(saved[i]));
  }
  return stats;
}

/** Identical-row fraction of each 2-D weight with two or more rows. */
export function weightSymmetry(model: Layer): SymmetricWeights[] {
  return namedWeights(model).map(({ name, param }) => ({
    name,
    identicalFraction: identicalRowsFraction(param.value, param.shape[0], param.shape[1]),
  }));
}

/** 2-D weights (one row per unit) with a readable name: "Dense(64→32)#0.weight". */
export function namedWeights(model: Layer): { name: string; param: Param }[] {
  return leafLayers(model).flatMap((layer, i) =>
    layer
      .parameters()
      .filter((p) => p.shape.length === 2 && p.shape[0] >= 2)
      .map((param) => ({ name: `${layer.describe()}#${i}.${param.name}`, param })),
  );
}
