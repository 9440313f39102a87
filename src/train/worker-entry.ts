// Runs inside the training worker_thread (see worker.ts): rebuilds the model, data and optimizer from the job,
// trains with the in-process loop, streams progress, and sends back weights, preprocessing, optimizer state and
// history. An { type: 'abort' } message from the main thread aborts between batches.
import { parentPort, workerData } from 'node:worker_threads';
import { setBackend } from '../backend';
import type { Dataset } from '../data/dataset';
import { PCA, Pipeline, preprocessorFromJSON, Standardize, type Grouping, type Preprocessor } from '../data/preprocess';
import { Model } from '../model';
import { optimizerFromConfig } from '../optim/from-name';
import { layerFromConfig } from '../nn/registry';
import type { LayerConfig } from '../nn/layer';
import { Tensor } from '../tensor';
import type { PlainDataset, PreprocessSpec, WorkerJob, WorkerMessage } from './worker';

const port = parentPort!;
const post = (m: WorkerMessage) => port.postMessage(m);

function dataset(p: PlainDataset): Dataset {
  return { x: new Tensor(p.x, p.shape), y: p.y, numClasses: p.numClasses, sampleShape: p.sampleShape, name: p.name };
}

function unfitted(s: PreprocessSpec): Preprocessor {
  if (s.kind === 'standardize') return new Standardize(s.grouping as Grouping, s.scale);
  if (s.kind === 'pca') return new PCA(s.k, s.whiten, s.eps);
  return new Pipeline(s.steps.map(unfitted));
}

async function run(job: WorkerJob): Promise<void> {
  setBackend(job.backend as 'native' | 'js');
  const model = new Model(job.architecture.map((c) => layerFromConfig(c as LayerConfig, { dtype: 'float32' })));
  const byName = new Map(job.arrays.map((a) => [a.name, a.data]));
  const params = [...model.parameters(), ...model.buffers()];
  for (const p of params) p.value.set(byName.get(p.name)!);
  model.setRandomState(job.randomState);
  if (job.preprocessing) model.preprocessing = preprocessorFromJSON(job.preprocessing);
  const optimizer = job.optimizer ? optimizerFromConfig(job.optimizer.config) : undefined;
  if (optimizer && job.optimizer) optimizer.loadState(job.optimizer.state);
  const abort = new AbortController();
  if (job.abortedAtStart !== null) abort.abort(new Error(job.abortedAtStart));
  port.on('message', (m: { type: string; reason?: string }) => {
    if (m.type === 'abort') abort.abort(new Error(m.reason ?? 'aborted'));
  });
  const history = await model.fit(dataset(job.train), {
    ...job.options,
    optimizer,
    signal: abort.signal,
    babysit:
      job.options.babysit === false
        ? false
        : {
            ...(typeof job.options.babysit === 'object' ? job.options.babysit : {}),
            onFinding: (finding) => post({ type: 'finding', finding }),
          },
    preprocess: job.preprocess ? unfitted(job.preprocess) : undefined,
    validation: job.validation ? dataset(job.validation) : undefined,
    onProgress: (progress) => post({ type: 'progress', progress }),
  });
  post({
    type: 'done',
    history,
    arrays: params.map((p) => ({ name: p.name, data: p.value as Float32Array })),
    randomState: model.randomState(),
    preprocessing: model.preprocessing?.toJSON() ?? null,
    optimizerState: (optimizer ?? { state: () => ({ type: 'none', lr: 0, slots: {} }) }).state(),
  });
  port.close();
}

run(workerData as WorkerJob).catch((e: Error) => post({ type: 'error', message: e.message, stack: e.stack }));
