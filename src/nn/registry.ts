// Rebuilding layers from their config() (save/load, float64 copies for gradient checks). Each type maps to a
// factory; registerLayer adds more (users' own layers).
import type { Layer, LayerConfig } from './layer';
import type { DType } from '../tensor';
import { withoutConsumingSeeds } from './default-seed';
import { ELU } from './activations/elu';
import { Identity } from './activations/identity';
import { LeakyReLU } from './activations/leaky-relu';
import { ReLU } from './activations/relu';
import { Sigmoid } from './activations/sigmoid';
import { Tanh } from './activations/tanh';
import { BatchNorm } from './batch-norm';
import { PReLU } from './activations/prelu';
import { Softmax } from './activations/softmax';
import { Dense } from './dense';
import { Dropout } from './dropout';
import { Maxout } from './maxout';
import { Chain } from './chain';
import { AvgPool2d } from './avg-pool2d';
import { Conv2d } from './conv2d';
import { Flatten } from './flatten';
import { GlobalAvgPool2d } from './global-avg-pool2d';
import { MaxPool2d } from './max-pool2d';
import { CategoryEmbedding } from './category-embedding';
import type { Size2 } from './window-options';

/** Builds a layer of this type from its config (and the precision to build it in). */
export type LayerFactory = (config: LayerConfig, dtype: DType | undefined) => Layer;

const num = (c: LayerConfig, k: string): number => c[k] as number;
const opt = <T>(c: LayerConfig, k: string): T | undefined =>
  c[k] === undefined || c[k] === null ? undefined : (c[k] as T);

const FACTORIES = new Map<string, LayerFactory>([
  [
    'Dense',
    (c, dtype) =>
      new Dense(num(c, 'inFeatures'), num(c, 'outFeatures'), { bias: opt(c, 'bias'), init: opt(c, 'init'), dtype }),
  ],
  [
    'BatchNorm',
    (c, dtype) =>
      new BatchNorm(num(c, 'features'), {
        momentum: opt(c, 'momentum'),
        eps: opt(c, 'eps'),
        relu: opt(c, 'relu'),
        dtype,
      }),
  ],
  ['Sigmoid', (_c, dtype) => new Sigmoid({ dtype })],
  ['Tanh', (_c, dtype) => new Tanh({ dtype })],
  ['ReLU', (_c, dtype) => new ReLU({ dtype })],
  ['Identity', (_c, dtype) => new Identity({ dtype })],
  ['LeakyReLU', (c, dtype) => new LeakyReLU({ slope: opt(c, 'slope'), dtype })],
  ['ELU', (c, dtype) => new ELU({ alpha: opt(c, 'alpha'), dtype })],
  ['PReLU', (c, dtype) => new PReLU({ channels: opt(c, 'channels'), init: opt(c, 'init'), dtype })],
  ['Softmax', (_c, dtype) => new Softmax({ dtype })],
  ['Dropout', (c, dtype) => new Dropout(opt(c, 'p'), { dtype })],
  [
    'Maxout',
    (c, dtype) =>
      new Maxout(num(c, 'inFeatures'), num(c, 'outFeatures'), opt(c, 'pieces'), { init: opt(c, 'init'), dtype }),
  ],
  [
    'Conv2d',
    (c, dtype) =>
      new Conv2d(num(c, 'inChannels'), num(c, 'outChannels'), c.kernelSize as Size2, {
        stride: opt(c, 'stride'),
        padding: opt(c, 'padding'),
        dilation: opt(c, 'dilation'),
        bias: opt(c, 'bias'),
        init: opt(c, 'init'),
        dtype,
      }),
  ],
  [
    'MaxPool2d',
    (c, dtype) => new MaxPool2d(c.kernelSize as Size2, { stride: opt(c, 'stride'), padding: opt(c, 'padding'), dtype }),
  ],
  [
    'AvgPool2d',
    (c, dtype) => new AvgPool2d(c.kernelSize as Size2, { stride: opt(c, 'stride'), padding: opt(c, 'padding'), dtype }),
  ],
  ['GlobalAvgPool2d', (_c, dtype) => new GlobalAvgPool2d({ dtype })],
  ['Flatten', (_c, dtype) => new Flatten({ dtype })],
  [
    'CategoryEmbedding',
    (c, dtype) =>
      new CategoryEmbedding(num(c, 'denseFeatures'), c.cardinalities as number[], c.dims as number[], { dtype }),
  ],
  ['Chain', chainFromConfig],
  ['Sequential', chainFromConfig], // nn.Chain's config type before the rename
]);

function chainFromConfig(c: LayerConfig, dtype: DType | undefined): Chain {
  return new Chain(layersOf(c).map((l) => layerFromConfig(l, { dtype })));
}

function chainParameterCount(c: LayerConfig): number {
  return layersOf(c).reduce((sum, l) => sum + parameterCountOf(l), 0);
}

function layersOf(c: LayerConfig): LayerConfig[] {
  if (!Array.isArray(c.layers)) throw new TypeError(`layerFromConfig: ${c.type} config needs a layers array`);
  return c.layers as LayerConfig[];
}

// Parameter + buffer elements a config will allocate, computed without allocating, so a loader can refuse an
// architecture larger than the file that claims to hold its weights. NaN for malformed sizes (fails every ≤).
const PARAMETER_COUNTS = new Map<string, (c: LayerConfig) => number>([
  ['Dense', (c) => num(c, 'inFeatures') * num(c, 'outFeatures') + (c.bias === false ? 0 : num(c, 'outFeatures'))],
  ['Maxout', (c) => (num(c, 'inFeatures') + 1) * num(c, 'outFeatures') * (opt<number>(c, 'pieces') ?? 2)],
  ['BatchNorm', (c) => 4 * num(c, 'features')], // γ, β, running mean, running variance
  ['Conv2d', (c) => conv2dParameterCount(c)],
  ['PReLU', (c) => opt<number>(c, 'channels') ?? 1],
  ['CategoryEmbedding', (c) => embeddingParameterCount(c)],
  ['Chain', chainParameterCount],
  ['Sequential', chainParameterCount],
]);

// Σ cardinality_k · d_k; NaN unless both are arrays of positive whole numbers of one length.
function embeddingParameterCount(c: LayerConfig): number {
  const cards = c.cardinalities,
    dims = c.dims;
  const ok = (a: unknown): a is number[] => Array.isArray(a) && a.every((d) => Number.isSafeInteger(d) && d > 0);
  if (!ok(cards) || !ok(dims) || cards.length !== dims.length) return NaN;
  return cards.reduce((sum, n, k) => sum + n * dims[k], 0);
}

// OC·C·kH·kW (+ OC); NaN unless kernelSize is [kH, kW] of positive whole numbers.
function conv2dParameterCount(c: LayerConfig): number {
  const k = c.kernelSize,
    oc = num(c, 'outChannels');
  if (!Array.isArray(k) || k.length !== 2 || !k.every((d) => Number.isSafeInteger(d) && d > 0)) return NaN;
  return oc * num(c, 'inChannels') * k[0] * k[1] + (c.bias === false ? 0 : oc);
}

/** Elements of parameters and buffers the layer built from `config` will hold (0 for parameter-free types,
 *  NaN when a size is not a positive whole number). */
export function parameterCountOf(config: LayerConfig): number {
  const count = PARAMETER_COUNTS.get(config?.type);
  if (!count) return 0;
  for (const key of ['inFeatures', 'outFeatures', 'features', 'pieces', 'channels', 'inChannels', 'outChannels']) {
    const v = config[key];
    if (v !== undefined && v !== null && !(Number.isSafeInteger(v) && (v as number) > 0)) return NaN;
  }
  return count(config);
}

/** Makes `layerFromConfig` understand another type (e.g. a subclass of Chain, or a user layer). */
export function registerLayer(type: string, factory: LayerFactory): void {
  FACTORIES.set(type, factory);
}

/** A new layer (fresh parameters) from a config; `dtype` overrides the precision recorded in it. */
export function layerFromConfig(config: LayerConfig, opts: { dtype?: DType } = {}): Layer {
  if (!config || typeof config !== 'object' || typeof config.type !== 'string') {
    throw new TypeError('layerFromConfig: config must be an object with a string type');
  }
  const factory = FACTORIES.get(config.type);
  if (!factory)
    throw new Error(
      `layerFromConfig: unknown layer type ${JSON.stringify(config.type)}; known: ${[...FACTORIES.keys()].join(', ')}`,
    );
  return factory(config, opts.dtype ?? opt<DType>(config, 'dtype'));
}

/** A copy of `layer` in the given precision: same config, parameters and buffers (BatchNorm running estimates)
 *  copied value by value, same train/eval mode. */
export function cloneLayer<L extends Layer>(layer: L, dtype: DType): L {
  const copy = withoutConsumingSeeds(() => layerFromConfig(layer.config(), { dtype }));
  copyState(layer, copy);
  return copy as L;
}

function copyState(from: Layer, to: Layer): void {
  for (const kind of ['parameters', 'buffers'] as const) {
    const a = from[kind](),
      b = to[kind]();
    if (a.length !== b.length)
      throw new Error(`cloneLayer: ${from.describe()} has ${a.length} ${kind}, the copy has ${b.length}`);
    a.forEach((p, i) => b[i].value.set(p.value));
  }
  if (from.training) to.train();
  else to.eval();
  // Per-layer mode inside containers
  if (from instanceof Chain && to instanceof Chain) {
    from.layers.forEach((l, i) => {
      if (l.training) to.layers[i].train();
      else to.layers[i].eval();
    });
  }
}
