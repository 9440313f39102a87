// A frozen model sent to worker_threads without copying its weights: the snapshot's arrays live in
// SharedArrayBuffers, which postMessage shares instead of cloning, so N workers predicting with one model hold one
// copy of the weights. The plan is read-only after freezing, so sharing it needs no locks.
//   main:   worker.postMessage(frozen.share())
//   worker: const frozen = FrozenModel.fromShared(message)
// Steps that wrap a generic layer (PReLU, Maxout, custom) travel as its config and arrays, rebuilt in the worker
// (a custom layer type must be registered there too, with registerLayer).
import { preprocessorFromJSON, type Preprocessor, type PreprocessorJSON } from '../data/preprocess';
import type { LayerConfig } from '../nn/layer';
import { layerFromConfig } from '../nn/registry';
import type { Step } from './steps';

export type SharedStep =
  Exclude<Step, { kind: 'layer' }> | { kind: 'layer'; config: LayerConfig; state: Float32Array[] };

export interface SharedFrozenModel {
  kind: 'nnkit-frozen-model';
  inputs: number;
  /** Per-row input shape of an image model ([C, H, W]); absent for flat rows. */
  sampleShape?: number[];
  preprocessing: PreprocessorJSON | null;
  steps: SharedStep[];
  /** What takes the input rows, for width errors ("Dense(784→512)"; FrozenModel.inputLayer). */
  inputLayer?: string;
}

/** A float32 copy of `a` in a SharedArrayBuffer. */
export function sharedCopy(a: ArrayLike<number>): Float32Array {
  const out = new Float32Array(new SharedArrayBuffer(a.length * Float32Array.BYTES_PER_ELEMENT));
  out.set(a);
  return out;
}

/** Typed arrays (Float32Array, or Uint16Array for bf16) of the given lengths in one SharedArrayBuffer, each
 *  starting on a 64-byte boundary (a cache line): the buffer of a shared WebAssembly.Memory is page-aligned, where a
 *  plain SharedArrayBuffer is only 16-byte aligned, and the batch-1 kernel streams weights 20 % slower off the
 *  cache-line grid (docs/inference.md). One Memory per frozen model: each reserves address space (not memory).
 *  Falls back to a SharedArrayBuffer if the Memory cannot be made (over 4 GB, or address space exhausted). */
export function alignedSharedArrays<T extends Float32Array | Uint16Array = Float32Array>(
  lengths: readonly number[],
  type: AlignedArrayType<T> = Float32Array as unknown as AlignedArrayType<T>,
): T[] {
  const offsets: number[] = [];
  let bytes = 0;
  for (const n of lengths) {
    offsets.push(bytes);
    bytes += Math.ceil((n * type.BYTES_PER_ELEMENT) / 64) * 64;
  }
  const buffer = cacheAlignedBuffer(bytes);
  return lengths.map((n, i) => new type(buffer, offsets[i], n));
}

interface AlignedArrayType<T> {
  new (buffer: SharedArrayBuffer, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

// Node's WebAssembly global (the tsconfig's lib has no DOM/wasm types).
interface WasmMemoryConstructor {
  new (d: { initial: number; maximum: number; shared: boolean }): { buffer: SharedArrayBuffer };
}
const wasm = (globalThis as unknown as { WebAssembly?: { Memory: WasmMemoryConstructor } }).WebAssembly;

function cacheAlignedBuffer(bytes: number): SharedArrayBuffer {
  const pages = Math.max(1, Math.ceil(bytes / 65536));
  try {
    if (wasm) return new wasm.Memory({ initial: pages, maximum: pages, shared: true }).buffer;
  } catch {
    // no Memory this large, or no address space left for one: a plain buffer (16-byte aligned)
  }
  return new SharedArrayBuffer(bytes);
}

export function shareSteps(steps: readonly Step[]): SharedStep[] {
  return steps.map((s) => {
    if (s.kind !== 'layer') return s;
    const arrays = [...s.layer.parameters(), ...s.layer.buffers()].map((p) => sharedCopy(p.value));
    return { kind: 'layer', config: s.layer.config(), state: arrays };
  });
}

export function unshareSteps(steps: readonly SharedStep[]): Step[] {
  return steps.map((s) => {
    if (s.kind !== 'layer') return s;
    const layer = layerFromConfig(s.config, { dtype: 'float32' }).eval();
    [...layer.parameters(), ...layer.buffers()].forEach((p, i) => p.value.set(s.state[i]));
    return { kind: 'layer', layer };
  });
}

export function unsharePreprocessing(j: PreprocessorJSON | null): Preprocessor | undefined {
  return j ? preprocessorFromJSON(j) : undefined;
}
