// The native backend: the C++ addon (native/), loaded through node-gyp-build, which takes the local build
// (build/Release) or a prebuilt binary shipped in the package (prebuilds/<platform>-<arch>/). The addon validates
// every argument itself. At load, this adapter checks the addon against the kernel table (every kernel present)
// and maps activation names to the addon's codes through the addon's own list of names (`activationKinds`, in
// the order of its enum); an addon that fails either check is not loaded, and the error names what is missing.
import * as path from 'node:path';
import { KERNEL_NAMES } from './kernel-table';
import type { Backend, BackendInfo, ElementwiseActivation, SimdLevel } from './types';
import { ELEMENTWISE_ACTIVATIONS } from './types';
import { VERSION } from '../version';
import { windowKernels } from './native-window2d';

/** Float32Array in place of every FloatArray argument: what the addon accepts. */
type Float32Args<F> = F extends (...args: infer A) => infer R
  ? (...args: { [I in keyof A]: Exclude<A[I], Float64Array> }) => R
  : F;

/** The Backend interface as the native backend implements it: Float32Array data only (kernelsFor routes
 *  Float64Array to the JS backend). */
export type NativeBackend = { readonly [K in keyof Backend]: Float32Args<Backend[K]> };

/** Raw addon exports (see native/binding/*.cc for each signature). */
interface Addon {
  info(): { simd: SimdLevel; bf16: boolean; panel: number; threads: number; version: string };
  activationKinds?: unknown;
  [kernel: string]: unknown;
}

export type NativeLoad = { backend: NativeBackend; error?: undefined } | { backend?: undefined; error: Error };

let loaded: NativeLoad | undefined;

/** Loads the addon once per thread; on failure returns the error (with every path tried) instead of throwing. */
export function loadNative(): NativeLoad {
  if (loaded) return loaded;
  try {
    loaded = { backend: wrap(requireAddon()) };
  } catch (e) {
    loaded = { error: e instanceof Error ? e : new Error(String(e)) };
  }
  return loaded;
}

function requireAddon(): Addon {
  // NNKIT_NATIVE_PATH loads one specific .node file (the sanitizer build in build-debug/, say).
  const explicit = process.env.NNKIT_NATIVE_PATH;
  if (explicit) return require(path.resolve(explicit)) as Addon;
  const load = require('node-gyp-build') as (dir: string) => Addon;
  return load(path.join(__dirname, '..', '..'));
}

/** Throws naming the first kernel of the table the addon lacks. */
export function checkKernels(addon: Record<string, unknown>): void {
  const missing = ['info', ...KERNEL_NAMES].filter((name) => typeof addon[name] !== 'function');
  if (missing.length > 0)
    throw new Error(`the addon lacks ${missing.join(', ')} (built from another nnkit version? npm rebuild nnkit)`);
}

/** name → the addon's code for it, from the addon's `activationKinds`; throws naming a kind it lacks. */
export function activationCodes(kinds: unknown): Record<ElementwiseActivation, number> {
  const list = Array.isArray(kinds) ? (kinds as unknown[]) : [];
  const codes = {} as Record<ElementwiseActivation, number>;
  for (const name of ELEMENTWISE_ACTIVATIONS) {
    const c = list.indexOf(name);
    if (c < 0) throw new Error(`the addon lacks the activation '${name}' in activationKinds (npm rebuild nnkit)`);
    codes[name] = c;
  }
  return codes;
}

function wrap(addon: Addon): NativeBackend {
  checkKernels(addon);
  const codes = activationCodes(addon.activationKinds);
  const code = (fn: string, kind: ElementwiseActivation): number => {
    if (typeof kind !== 'string' || !Object.prototype.hasOwnProperty.call(codes, kind))
      throw new TypeError(`${fn}: kind must be one of ${ELEMENTWISE_ACTIVATIONS.join(', ')}, got ${String(kind)}`);
    return codes[kind];
  };
  const raw = addon as unknown as Record<string, (...args: unknown[]) => unknown>;
  const kernels = Object.fromEntries(KERNEL_NAMES.map((name) => [name, raw[name]])) as unknown as NativeBackend;
  const native = addon.info();
  const info: BackendInfo = {
    name: 'native',
    simd: native.simd,
    bf16: native.bf16,
    panel: native.panel,
    threads: native.threads,
    version: VERSION,
  };
  return {
    ...kernels,
    name: 'native',
    info: () => ({ ...info }),
    linearForward: (M, N, K, x, w, wOutIn, bias, kind, y) =>
      raw.linearForward(M, N, K, x, w, wOutIn, bias ?? null, code('linearForward', kind), y) as void,
    linearForwardPanels: (M, N, K, x, w, panel, bias, kind, y) =>
      raw.linearForwardPanels(M, N, K, x, w, panel, bias ?? null, code('linearForwardPanels', kind), y) as void,
    linearForwardPanelsBf16: (M, N, K, x, w, panel, bias, kind, y) =>
      raw.linearForwardPanelsBf16(M, N, K, x, w, panel, bias ?? null, code('linearForwardPanelsBf16', kind), y) as void,
    activationForward: (kind, x, y, param) =>
      raw.activationForward(code('activationForward', kind), x, y, param) as void,
    activationBackward: (kind, x, y, dy, dx, param) =>
      raw.activationBackward(code('activationBackward', kind), x, y, dy, dx, param) as void,
    softmaxCrossEntropy: (N: number, C: number, z: Float32Array, labels: Int32Array, dlogits: Float32Array | null) =>
      raw.softmaxCrossEntropy(N, C, z, labels, dlogits ?? null) as number,
    ...(windowKernels(raw) as Pick<NativeBackend, keyof ReturnType<typeof windowKernels>>),
  };
}
