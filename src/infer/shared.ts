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
}

/** A float32 copy of `a` in a SharedArrayBuffer. */
export function sharedCopy(a: ArrayLike<number>): Float32Array {
  const out = new Float32Array(new SharedArrayBuffer(a.length * Float32Array.BYTES_PER_ELEMENT));
  out.set(a);
  return out;
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
