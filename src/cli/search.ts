// `nnkit search`: hyperparameter search from the command line — random (or grid) search in coarse-to-fine stages,
// on a worker_threads pool (default) or on BullMQ workers through Redis (--redis). Progress goes to stderr; the
// result table (or --json) to stdout, ending with the winner as a ready `nnkit train` command.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { UsageError } from './usage-error';
import { dataFingerprint } from '../search/data-fingerprint';
import { fmtValue } from '../format';
import { wholeNumber } from './decimal';
import type { Executor } from '../search/executors/executor';
import { renderSearchReport } from '../search/scatter-report';
import { search, type SearchOptions, type SearchProgress, type SearchResult, type Stage } from '../search/search';
import { formatSpace, parseSpace, valueAt, type Config, type Space } from '../search/spaces';
import { searchableTable, tableTrainSettings } from '../search/table-trial';
import { trainSettings, type TrainSettings } from '../search/train-config';
import type { DataRef, TrialResult } from '../search/trial';
import { dataRefFromName } from '../data/by-name';
import { tableTrainCommandLine, trainCommandLine } from './train-command-line';
import { TABLE_FILE } from './train-table';

export const SEARCH_USAGE = `usage: nnkit search --data digits|fashion-mnist|<file.csv> [--label col] [--trials 20] [--epochs 5]
         [--space '{"lr":["log",1e-4,1],"weightDecay":["log",1e-6,1e-2]}'] [--stages 40x2@0.3,10x8/5]
         [--strategy random|grid] [--folds K] [--seed 0] [--workers N] [--redis redis://host:port [--search-id ID]]
         [--json] [--report search.html]
  --space   name → ["log",lo,hi] | ["uniform",lo,hi] | ["int",lo,hi] | ["choice",...]; names: lr, weightDecay (reg),
            momentum, hidden, depth, layers, activation, bn, init, dropout, optimizer, batchSize, schedule
  --data    a table file (.csv, .tsv, .jsonl, .json) is read as \`nnkit train\` reads it (typed columns; --label names
            the label column); its space may use hidden, depth, layers, bn, optimizer, lr, momentum, weightDecay, batchSize
  --stages  trials x epochs [@ subsample fraction] [/ top-k of the previous stage to narrow around], comma separated
  --workers worker threads (default: cores; 0 runs trials in this thread)
  --redis   distribute trials to \`nnkit worker --redis <url>\` processes; rerunning the same command resumes`;

export const DEFAULT_SPACE = '{"lr":["log",1e-4,1],"weightDecay":["log",1e-6,1e-2]}';

function int(v: string | undefined, flag: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = wholeNumber(v, min);
  if (n === undefined) throw new UsageError(`${flag} must be a whole number ≥ ${min}, got '${v}'`);
  return n;
}

/** "40x2@0.3,10x8/5" → [{ trials: 40, epochs: 2, subsample: 0.3 }, { trials: 10, epochs: 8, topK: 5 }]. */
export function parseStages(text: string): Stage[] {
  return text.split(',').map((part, i) => {
    const m = /^\s*(\d+)x(\d+)(?:@([\d.]+))?(?:\/(\d+))?\s*$/.exec(part);
    if (!m)
      throw new UsageError(
        `--stages: stage ${i + 1} '${part}' must look like 40x2, 40x2@0.3 or 10x8/5 (trials x epochs [@fraction] [/top-k])`,
      );
    const stage: Stage = { trials: Number(m[1]), epochs: Number(m[2]) };
    if (m[3] !== undefined) stage.subsample = Number(m[3]);
    if (m[4] !== undefined) stage.topK = Number(m[4]);
    if (!(stage.trials >= 1 && stage.epochs >= 1 && (stage.topK ?? 1) >= 1))
      throw new UsageError(`--stages: stage ${i + 1} needs trials, epochs and top-k ≥ 1, got '${part}'`);
    if (stage.subsample !== undefined && !(stage.subsample > 0 && stage.subsample <= 1))
      throw new UsageError(`--stages: stage ${i + 1} subsample must be in (0, 1], got ${m[3]}`);
    return stage;
  });
}

/** digits, fashion-mnist, a numeric CSV reference, or a table file (.csv/.tsv/.jsonl/.json) read as `nnkit
 *  train --data` reads it: typed columns (src/tabular), `label` naming its label column. */
export function parseData(v: string | undefined, label?: string): DataRef {
  if (v !== undefined && TABLE_FILE.test(v))
    return {
      kind: 'table',
      path: v,
      ...(label !== undefined ? { label: /^-?\d+$/.test(label) ? Number(label) : label } : {}),
    };
  if (label !== undefined) throw new UsageError('--label applies to table files (.csv, .tsv, .jsonl, .json)');
  try {
    return dataRefFromName(v ?? 'digits');
  } catch (e) {
    throw new UsageError(`--${(e as Error).message}`);
  }
}

/** The id under which a distributed search lives in Redis: a hash of everything that fixes its trials, the data's
 *  content included (`fingerprint`: search/data-fingerprint.ts). */
export function searchIdOf(
  o: Pick<SearchOptions, 'space' | 'stages' | 'strategy' | 'seed' | 'data' | 'folds' | 'validationFraction'>,
  fingerprint = '',
): string {
  const key = JSON.stringify([
    fingerprint,
    formatSpace(o.space),
    o.stages,
    o.strategy ?? 'random',
    o.seed ?? 0,
    o.data,
    o.folds ?? null,
    o.validationFraction ?? null,
  ]);
  return 'search-' + createHash('sha256').update(key).digest('hex').slice(0, 12);
}

const configText = (c: Config) =>
  Object.entries(c)
    .map(([k, v]) => `${k} ${fmtValue(v)}`)
    .join(', ');

function progressLine(p: SearchProgress): string {
  return (
    `stage ${p.stage}/${p.stages}  ${p.done}/${p.total} done  ${p.running} running  ${p.aborted} aborted` +
    (p.failed ? `  ${p.failed} failed` : '') +
    (p.best ? `  best ${p.best.valAccuracy!.toFixed(4)} (${configText(p.best.config)})` : '')
  );
}

export function resultTable(trials: TrialResult[], limit = 25): string {
  const keys = [...new Set(trials.flatMap((t) => Object.keys(t.config)))];
  const head = ['rank', 'id', 'status', 'val acc', 'epochs', 'seconds', ...keys];
  const rows = trials
    .slice(0, limit)
    .map((t, i) => [
      String(i + 1),
      t.id,
      t.status,
      t.valAccuracy === null ? '-' : t.valAccuracy.toFixed(4),
      String(t.epochs),
      t.seconds.toFixed(1),
      ...keys.map((k) => (t.config[k] === undefined ? '' : fmtValue(t.config[k]))),
    ]);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]) =>
    r
      .map((s, c) => s.padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  return (
    [line(head), ...rows.map(line), ...(trials.length > limit ? [`… ${trials.length - limit} more`] : [])].join('\n') +
    '\n'
  );
}

export function jsonResult(res: SearchResult): object {
  return {
    trials: res.trials.map((t) => ({
      id: t.id,
      config: t.config,
      status: t.status,
      valAccuracy: t.valAccuracy,
      epochs: t.epochs,
      seconds: t.seconds,
    })),
    best: res.best ? { config: res.best.config, valAccuracy: res.best.valAccuracy } : null,
  };
}

const SEARCH_OPTIONS = {
  data: { type: 'string' },
  label: { type: 'string' },
  trials: { type: 'string' },
  epochs: { type: 'string' },
  space: { type: 'string' },
  stages: { type: 'string' },
  strategy: { type: 'string' },
  folds: { type: 'string' },
  seed: { type: 'string' },
  workers: { type: 'string' },
  redis: { type: 'string' },
  'search-id': { type: 'string' },
  json: { type: 'boolean', default: false },
  report: { type: 'string' },
  help: { type: 'boolean' },
} as const;

type SearchValues = ReturnType<typeof parseArgs<{ options: typeof SEARCH_OPTIONS }>>['values'];

/** What fixes a search's trials (hashed into its Redis id). */
type SearchBase = Pick<SearchOptions, 'space' | 'stages' | 'strategy' | 'seed' | 'data' | 'folds'> & {
  stages: Stage[];
  seed: number;
};

export async function searchCommand(argv: string[]): Promise<number> {
  const { values: v } = parseArgs({ args: argv, strict: true, options: SEARCH_OPTIONS });
  if (v.help) {
    process.stdout.write(SEARCH_USAGE + '\n');
    return 0;
  }
  const base = searchBase(v);
  if (base.data.kind === 'table') await searchableTable(base.data); // its errors before any trial runs
  const executor = await makeExecutor(v, base);
  const tty = process.stderr.isTTY === true;
  let result: SearchResult;
  try {
    result = await search({
      ...base,
      executor,
      onProgress: (p) => {
        if (tty) process.stderr.write(`\r\x1b[K${progressLine(p)}`);
        else if (p.last) process.stderr.write(progressLine(p) + '\n');
      },
    });
  } finally {
    if (tty) process.stderr.write('\n');
    await executor.close();
  }
  process.stderr.write(executorLine(executor));
  if (v.report) writeFileSync(v.report, renderSearchReport(result, { title: `nnkit search on ${v.data ?? 'digits'}` }));
  if (v.json) process.stdout.write(JSON.stringify(jsonResult(result)) + '\n');
  else process.stdout.write(resultText(result, base, v));
  return result.best ? 0 : 1;
}

/** The data, space, stages, strategy, folds and seed of the command line; every configuration the space can
 *  produce must be a valid recipe (both corners are checked before anything runs). */
function searchBase(v: SearchValues): SearchBase {
  const data = parseData(v.data, v.label);
  let space: Space;
  try {
    space = parseSpace(v.space ?? DEFAULT_SPACE);
  } catch (e) {
    throw new UsageError(`--space: ${(e as Error).message}`);
  }
  if (v.stages !== undefined && (v.trials !== undefined || v.epochs !== undefined)) {
    throw new UsageError('give --trials/--epochs (one stage) or --stages (each with its trials and epochs), not both');
  }
  const stages =
    v.stages !== undefined
      ? parseStages(v.stages)
      : [{ trials: int(v.trials, '--trials', 1) ?? 20, epochs: int(v.epochs, '--epochs', 1) ?? 5 }];
  if (v.strategy !== undefined && v.strategy !== 'random' && v.strategy !== 'grid')
    throw new UsageError(`--strategy must be random or grid, got '${v.strategy}'`);
  const folds = int(v.folds, '--folds', 2);
  const seed = int(v.seed, '--seed', 0) ?? 0;
  for (const t of [0, 1 - 1e-12]) {
    const corner = Object.fromEntries(Object.entries(space).map(([k, d]) => [k, valueAt(d, t)]));
    try {
      settingsOf(corner, data);
    } catch (e) {
      throw new UsageError(`--space: ${(e as Error).message}`);
    }
  }
  return { space, stages, strategy: (v.strategy ?? 'random') as 'random' | 'grid', seed, data, folds };
}

/** BullMQ on Redis with --redis (connected, the attached workers reported), else a worker_threads pool of
 *  --workers threads (0: trials in this thread). */
async function makeExecutor(v: SearchValues, base: SearchBase): Promise<Executor> {
  if (v.redis === undefined) {
    const workers = int(v.workers, '--workers', 0) ?? availableParallelism();
    if (workers > 0) {
      const { WorkerPoolExecutor } = await import('../search/executors/worker-pool');
      return new WorkerPoolExecutor({ size: workers });
    }
    const [{ InProcessExecutor }, { runTrial }] = await Promise.all([
      import('../search/executors/in-process'),
      import('../search/run-trial'),
    ]);
    return new InProcessExecutor(runTrial);
  }
  if (v.workers !== undefined)
    throw new UsageError('--workers applies to local searches; with --redis, start `nnkit worker` processes');
  const { BullMQExecutor, checkRedisUrl } = await import('../search/executors/bullmq');
  const searchId = v['search-id'] ?? searchIdOf(base, await dataFingerprint(base.data));
  let executor: InstanceType<typeof BullMQExecutor>;
  try {
    checkRedisUrl(v.redis);
    executor = new BullMQExecutor({ url: v.redis, searchId });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  await executor.connect();
  const attached = await executor.workerCount();
  process.stderr.write(
    `search ${searchId} on ${v.redis} (rerun the same command to resume it); ${attached} worker${attached === 1 ? '' : 's'} attached` +
      `${attached === 0 ? ': start `nnkit worker --redis ' + v.redis + '` on one or more machines' : ''}\n`,
  );
  return executor;
}

/** The recipe settings of a configuration on `data` (a table takes the table recipe's names and defaults). */
function settingsOf(config: Config, data: DataRef): TrainSettings {
  return data.kind === 'table' ? tableTrainSettings(config) : trainSettings(config, data.kind);
}

function executorLine(executor: Executor): string {
  const pool = executor as { backend?: { name: string; threads: number } };
  return (
    `executor: ${executor.name}${Number.isFinite(executor.concurrency) ? ` ×${executor.concurrency}` : ''}` +
    (pool.backend
      ? ` (${pool.backend.name} backend${pool.backend.name === 'native' ? `, native thread pool of ${pool.backend.threads}` : ''})`
      : '') +
    '\n'
  );
}

/** The human result: the table, the stages' notes, the winner as a ready `nnkit train` command. */
function resultText(result: SearchResult, base: SearchBase, v: SearchValues): string {
  let out = resultTable(result.trials);
  result.stages.forEach((s, i) => s.warnings.forEach((w) => (out += `note: stage ${i + 1}: ${w}\n`)));
  if (result.best) {
    const winner = result.trials.find((t) => t.id === result.best!.id)!;
    const epochs = base.stages[winner.stage - 1].epochs;
    const settings = settingsOf(result.best.config, base.data);
    const seed = winner.seed ?? base.seed;
    const command =
      base.data.kind === 'table'
        ? tableTrainCommandLine(settings, base.data.path, v.label, epochs, seed)
        : trainCommandLine(settings, v.data ?? 'digits', epochs, seed);
    out +=
      `\nbest: validation accuracy ${result.best.valAccuracy.toFixed(4)} (${result.best.id}: ${configText(result.best.config)})\n` +
      `train it on the full training set:\n  ${command}\n`;
  } else {
    out += '\nno trial finished: every configuration was aborted or failed (lower the learning-rate range?)\n';
  }
  if (v.report) out += `report: ${v.report}\n`;
  return out;
}
