// Predict while a fit runs in a worker thread (fit({ worker: true })). Contract:
//   - predict answers from the weights (and preprocessing) the model had when fit was called: the last complete
//     set. The trained ones arrive in one message when the worker is done and replace the old ones in one step.
//   - that step waits for the predicts under way (a predict reads the weights over several event-loop turns, one
//     chunk of rows per turn), and predicts that start meanwhile wait for it: no predict mixes old and new weights,
//     or old preprocessing with new weights.
//   - a model with no trained weights when fit started (never fitted, not loaded from a .nnkit file nor imported
//     from ONNX: see hasTrainedWeights) has nothing good to answer with: predict throws a ModelTrainingError (code ERR_NNKIT_TRAINING)
//     until fit resolves, which a service maps to 503 + Retry-After, instead of confident answers from random
//     weights.
// Why not the live weights, as in-process fit gives: in the worker they are in another thread; copying them back
// per epoch would cost the copy the worker mode exists to avoid, and they are half-trained.

/** predict on a model whose first training runs in a worker: no trained weights to answer with yet. */
export class ModelTrainingError extends Error {
  readonly code = 'ERR_NNKIT_TRAINING';
  constructor(
    what: string,
    readonly epoch: number,
    readonly epochs: number,
  ) {
    super(
      `${what}: the model is training in a worker thread (epoch ${epoch} of ${epochs}) and has no trained weights ` +
        'yet; retry when fit resolves',
    );
    this.name = 'ModelTrainingError';
  }
}

const loadedWeights = new WeakSet<object>();

/** Marks a model whose weights were read from a file (loadModel, importONNX): worth answering with, whether or not
 *  the file said how they were trained. */
export function markLoadedWeights(model: object): void {
  loadedWeights.add(model);
}

/** Whether the model's weights are trained ones: fitted here (trainingInfo is set) or read from a file. */
export function hasTrainedWeights(model: { trainingInfo?: unknown }): boolean {
  return model.trainingInfo !== undefined || loadedWeights.has(model);
}

interface Gate {
  /** Predicts reading the weights now. */
  readers: number;
  /** Called when readers drops to 0 while a swap waits. */
  idle?: () => void;
  /** Settles when the swap under way is done; new readers wait for it. */
  swapping?: Promise<void>;
  /** Set while a worker fit runs. */
  training?: { trained: boolean; epoch: number; epochs: number };
}

const gates = new WeakMap<object, Gate>();

function gateOf(model: object): Gate {
  let g = gates.get(model);
  if (!g) gates.set(model, (g = { readers: 0 }));
  return g;
}

/** Runs a predict's reads of the model's weights: after any swap under way, refused for an untrained model in a
 *  worker fit, and holding off the next swap until it is done. */
export async function readingWeights<T>(model: object, what: string, read: () => Promise<T>): Promise<T> {
  const g = gateOf(model);
  while (g.swapping) await g.swapping;
  if (g.training && !g.training.trained) throw new ModelTrainingError(what, g.training.epoch, g.training.epochs);
  g.readers++;
  try {
    return await read();
  } finally {
    if (--g.readers === 0) g.idle?.();
  }
}

/** Marks the model as training in a worker (trained: it had weights worth answering with) until `end()`. */
export function workerFitStarted(
  model: object,
  trained: boolean,
  epochs: number,
): { epoch(n: number): void; end(): void } {
  const g = gateOf(model);
  g.training = { trained, epoch: 1, epochs };
  return {
    epoch: (n) => void (g.training && (g.training.epoch = n)),
    end: () => void (g.training = undefined),
  };
}

/** Writes the trained weights once no predict is reading; predicts arriving meanwhile wait. */
export async function swapWeights(model: object, write: () => void): Promise<void> {
  const g = gateOf(model);
  let release!: () => void;
  g.swapping = new Promise((r) => (release = r));
  try {
    if (g.readers > 0) await new Promise<void>((r) => (g.idle = r));
    write();
  } finally {
    g.idle = undefined;
    g.swapping = undefined;
    release();
  }
}
