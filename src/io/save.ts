// model.save(path) and checkpoints: the layer configs (architecture), parameters and buffers by name
// ("0.weight", "1.runningMean"), the fitted preprocessing, the training settings and, for checkpoints, the
// optimizer (spec and state) and the trainer's position (epoch, step, base lr, RNG state, history).
import type { Preprocessor } from '../data/preprocess';
import type { Chain } from '../nn/chain';
import type { Optimizer } from '../optim/optimizer';
import type { TrainerState } from '../train/trainer';
import { VERSION } from '../version';
import { writeFileAtomic } from './atomic-write';
import { encodeModelFile, type StoredArray } from './model-file';
import { preprocessingProblem } from './preprocessing-check';
import { packTree } from './state-tree';

export interface SaveExtras {
  /** Free-form description of how the model was trained (epochs, batch size, optimizer, schedule, dataset). */
  training?: Record<string, unknown>;
  /** Dataset facts a user of the model needs: classes, sample shape, class values. */
  dataset?: Record<string, unknown>;
}

export interface SavableModel extends Chain {
  preprocessing?: Preprocessor;
  tabular?: { toJSON(): unknown };
}

function modelParts(model: SavableModel): {
  header: Record<string, unknown>;
  arrays: { name: string; shape: number[]; data: StoredArray }[];
} {
  const arrays = [...model.parameters(), ...model.buffers()].map((p) => {
    if (!(p.value instanceof Float32Array))
      throw new TypeError(`save: ${p.name} is ${p.value.constructor.name}; models are saved in float32`);
    return { name: p.name, shape: [...p.shape], data: p.value as StoredArray };
  });
  const preprocessing = model.preprocessing?.toJSON() ?? null;
  const problem = preprocessing && preprocessingProblem(preprocessing);
  if (problem) throw new RangeError(`save: ${problem}; nothing was written`);
  return {
    header: {
      nnkit: VERSION,
      architecture: model.layers.map((l) => l.config()),
      preprocessing,
      ...(model.tabular ? { tabular: model.tabular.toJSON() } : {}),
    },
    arrays,
  };
}

export async function saveModel(model: SavableModel, file: string, extras: SaveExtras = {}): Promise<void> {
  const { header, arrays } = modelParts(model);
  writeFileAtomic(
    file,
    encodeModelFile(
      { kind: 'model', ...header, training: extras.training ?? null, dataset: extras.dataset ?? null },
      arrays,
    ),
  );
}

export async function saveCheckpoint(
  model: SavableModel,
  file: string,
  optimizer: Optimizer,
  state: TrainerState,
  extras: SaveExtras = {},
): Promise<void> {
  const { header, arrays } = modelParts(model);
  const opt = packTree(optimizer.state(), 'optimizer');
  writeFileAtomic(
    file,
    encodeModelFile(
      {
        kind: 'checkpoint',
        ...header,
        training: extras.training ?? null,
        dataset: extras.dataset ?? null,
        optimizer: { config: optimizer.config(), state: opt.json },
        trainer: state,
      },
      [...arrays, ...opt.arrays],
    ),
  );
}
