// loadModel(path) / loadCheckpoint(path): rebuild the layers from the architecture, then fill every parameter and
// buffer from the file, checking names, shapes and dtypes; anything missing, extra or mismatched is an Error
// naming the file and the array.
import { preprocessorFromJSON, type PreprocessorJSON } from '../data/preprocess';
import { markLoadedWeights } from '../infer/worker-fit-gate';
import { Model } from '../model';
import type { LayerConfig } from '../nn/layer';
import { layerFromConfig, parameterCountOf } from '../nn/registry';
import { optimizerFromConfig } from '../optim/from-name';
import type { Optimizer, OptimizerConfig, OptimizerState } from '../optim/optimizer';
import type { TrainerState } from '../train/trainer';
import type { DecodedFile } from './model-file';
import { preprocessingProblem } from './preprocessing-check';
import { readModelFile } from './read-model-file';
import { TabularPipeline, type TabularPipelineJSON } from '../tabular/pipeline';
import { unpackTree } from './state-tree';

export interface LoadedCheckpoint {
  model: Model;
  optimizer: Optimizer;
  /** Pass as fit(train, { resume: state, optimizer, ... }) to continue the run exactly. */
  state: TrainerState;
  training: Record<string, unknown> | null;
}

export async function loadModel(file: string): Promise<Model> {
  return modelFrom(await readModelFile(file), file);
}

export async function loadCheckpoint(file: string): Promise<LoadedCheckpoint> {
  const decoded = await readModelFile(file);
  const h = decoded.header;
  if (h.kind !== 'checkpoint')
    throw new Error(
      `loadCheckpoint: ${file} is a ${String(h.kind)} file, not a checkpoint (it has no optimizer state)`,
    );
  const model = modelFrom(decoded, file);
  const opt = h.optimizer as { config: OptimizerConfig; state: unknown };
  let optimizer: Optimizer;
  try {
    optimizer = optimizerFromConfig(opt.config);
    optimizer.loadState(unpackTree(opt.state, decoded.arrays) as OptimizerState);
  } catch (e) {
    throw new Error(`loadCheckpoint: ${file}: ${(e as Error).message}`);
  }
  const state = h.trainer as TrainerState;
  if (!state || !Number.isInteger(state.epoch) || !Number.isInteger(state.step) || !state.rng || !state.history) {
    throw new Error(`loadCheckpoint: ${file}: the trainer state is incomplete`);
  }
  return { model, optimizer, state, training: (h.training as Record<string, unknown>) ?? null };
}

function modelFrom({ header, arrays }: DecodedFile, file: string): Model {
  const fail = (why: string): never => {
    throw new Error(`loadModel: ${file}: ${why}`);
  };
  if (header.kind !== 'model' && header.kind !== 'checkpoint') fail(`unknown kind ${JSON.stringify(header.kind)}`);
  if (!Array.isArray(header.architecture) || header.architecture.length === 0) fail('the header has no architecture');
  // Everything the architecture allocates must come from the file: refuse before allocating, so a hostile header
  // (a 20000×20000 Dense in a 1 KiB file) cannot make the process allocate gigabytes. Small architectures (≤ 1M
  // values, 4 MB) are built anyway so the per-array checks below can name exactly what is missing.
  let stored = 0;
  for (const a of arrays.values()) stored += a.data.length;
  const needed = (header.architecture as LayerConfig[]).reduce((sum, c) => sum + parameterCountOf(c), 0);
  if (!(needed <= Math.max(stored, 1 << 20)))
    fail(`the architecture needs ${needed} parameter values, the file holds ${stored}`);
  let model: Model;
  try {
    model = new Model((header.architecture as LayerConfig[]).map((c) => layerFromConfig(c, { dtype: 'float32' })));
  } catch (e) {
    return fail(`cannot rebuild the architecture: ${(e as Error).message}`);
  }
  const used = new Set<string>();
  for (const p of [...model.parameters(), ...model.buffers()]) {
    const a = arrays.get(p.name) ?? fail(`array ${p.name} (${p.shape.join('×')}) is missing`);
    if (!(a.data instanceof Float32Array)) fail(`array ${p.name} is ${a.data.constructor.name}, expected Float32Array`);
    if (a.shape.join() !== p.shape.join())
      fail(`array ${p.name} has shape [${a.shape.join(', ')}], the architecture needs [${p.shape.join(', ')}]`);
    p.value.set(a.data);
    used.add(p.name);
  }
  const extra = [...arrays.keys()].filter((n) => !used.has(n) && !n.startsWith('optimizer'));
  if (extra.length) fail(`arrays ${extra.join(', ')} belong to no layer of the architecture`);
  if (header.preprocessing) {
    const problem = preprocessingProblem(header.preprocessing);
    if (problem) fail(`bad preprocessing: ${problem}`);
    try {
      model.preprocessing = preprocessorFromJSON(header.preprocessing as PreprocessorJSON);
    } catch (e) {
      fail(`bad preprocessing: ${(e as Error).message}`);
    }
  }
  if (header.tabular) {
    try {
      model.tabular = TabularPipeline.fromJSON(header.tabular as TabularPipelineJSON);
    } catch (e) {
      fail(`bad tabular preprocessing: ${(e as Error).message}`);
    }
    const inputs = model.layers[0]?.config().inFeatures;
    if (typeof inputs === 'number' && inputs !== model.tabular!.width)
      fail(`the tabular preprocessing makes ${model.tabular!.width} inputs, the first layer takes ${inputs}`);
  }
  model.trainingInfo = (header.training as Record<string, unknown>) ?? undefined;
  model.datasetInfo = (header.dataset as Record<string, unknown>) ?? undefined;
  model.eval();
  markLoadedWeights(model);
  return model;
}
