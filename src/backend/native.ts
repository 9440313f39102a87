// The native backend: the C++ addon (native/), loaded through node-gyp-build, which takes the local build
// (build/Release) or a prebuilt binary shipped in the package (prebuilds/<platform>-<arch>/). The addon validates
// every argument itself; this adapter only maps activation names to the addon's integer codes.
import * as path from 'node:path';
import type { Backend, BackendInfo, ElementwiseActivation, FloatArray, SimdLevel } from './types';
import { VERSION } from '../version';
import { windowKernels } from './native-window2d';

// Order matches `enum class Activation` in native/kernels/activations.h.
const ACTIVATION_CODE: Record<ElementwiseActivation, number> = {
  identity: 0,
  sigmoid: 1,
  tanh: 2,
  relu: 3,
  'leaky-relu': 4,
  elu: 5,
};

function code(fn: string, kind: ElementwiseActivation): number {
  const c = ACTIVATION_CODE[kind];
  if (c === undefined || !Object.prototype.hasOwnProperty.call(ACTIVATION_CODE, kind)) {
    throw new TypeError(`${fn}: kind must be one of ${Object.keys(ACTIVATION_CODE).join(', ')}, got ${String(kind)}`);
  }
  return c;
}

/** Raw addon exports (see native/binding/*.cc for each signature). */
interface Addon {
  info(): { simd: SimdLevel; bf16: boolean; threads: number; version: string };
  [kernel: string]: (...args: never[]) => unknown;
}

export type NativeLoad = { backend: Backend; error?: undefined } | { backend?: undefined; error: Error };

let loaded: NativeLoad | undefined;

/** Loads the addon once per thread; on failure returns the error (with every path tried) instead of throwing. */
export function loadNative(): NativeLoad {
  if (loaded) return loaded;
  try {
    // NNKIT_NATIVE_PATH loads one specific .node file (the sanitizer build in build-debug/, say).
    const explicit = process.env.NNKIT_NATIVE_PATH;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const load = require('node-gyp-build') as (dir: string) => Addon;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = {
      backend: wrap(explicit ? (require(path.resolve(explicit)) as Addon) : load(path.join(__dirname, '..', '..'))),
    };
  } catch (e) {
    loaded = { error: e instanceof Error ? e : new Error(String(e)) };
  }
  return loaded;
}

function wrap(addon: Addon): Backend {
  const raw = addon as unknown as Record<string, (...args: unknown[]) => unknown>;
  const native = addon.info();
  const info: BackendInfo = {
    name: 'native',
    simd: native.simd,
    bf16: native.bf16,
    threads: native.threads,
    version: VERSION,
  };
  const b = raw as unknown as Backend;
  return {
    name: 'native',
    info: () => ({ ...info }),
    gemm: b.gemm,
    gemmAsync: b.gemmAsync,
    linearForward: (M, N, K, x, w, bias, kind, y) =>
      raw.linearForward(M, N, K, x, w, bias ?? null, code('linearForward', kind), y) as void,
    gemmBf16: b.gemmBf16,
    activationForward: (kind, x, y, param) =>
      raw.activationForward(code('activationForward', kind), x, y, param) as void,
    activationBackward: (kind, x, y, dy, dx, param) =>
      raw.activationBackward(code('activationBackward', kind), x, y, dy, dx, param) as void,
    preluForward: b.preluForward,
    preluBackward: b.preluBackward,
    maxGroupsForward: b.maxGroupsForward,
    maxGroupsBackward: b.maxGroupsBackward,
    batchNormForwardTrain: b.batchNormForwardTrain,
    batchNormForwardInfer: b.batchNormForwardInfer,
    batchNormBackward: b.batchNormBackward,
    batchNormReluForwardTrain: b.batchNormReluForwardTrain,
    batchNormReluForwardInfer: b.batchNormReluForwardInfer,
    batchNormReluBackward: b.batchNormReluBackward,
    softmax: b.softmax,
    softmaxCrossEntropy: (N: number, C: number, z: FloatArray, labels: Int32Array, dlogits: FloatArray | null) =>
      raw.softmaxCrossEntropy(N, C, z, labels, dlogits ?? null) as number,
    addBias: b.addBias,
    sumRows: b.sumRows,
    axpy: b.axpy,
    scale: b.scale,
    sgdStep: b.sgdStep,
    adamStep: b.adamStep,
    ...windowKernels(raw),
  };
}
