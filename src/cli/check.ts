// `nnkit check [--data digits|fashion-mnist|file.csv] [--model file.nnkit | --hidden 128,64 --activation relu
// --init he] [--seed n] [--json]`: the babysitter's sanity checks (src/babysit/sanity-checks.ts) on a model and data
// before training. Prints one line per check and the findings; --json prints
//   { "checks": { "init-loss": {...}, "regularization": {...}, "gradcheck": {...}, "overfit-tiny": {...},
//     "activations": {...} }, "findings": [...] }
// Exit code 0 when no finding is an error, 1 otherwise (usable as a CI gate), 2 for a bad command line.
import { parseArgs } from 'node:util';
import { atLeast, type Finding } from '../babysit/findings';
import { fmt, fmtRate, pct } from '../babysit/findings';
import { check, type CheckReport } from '../babysit/sanity-checks';
import { UsageError } from '../cli';
import { loadCSV } from '../data/csv';
import type { Dataset } from '../data/dataset';
import { loadDigits } from '../data/digits';
import { loadFashionMNIST } from '../data/fashion-mnist';
import { standardize } from '../data/preprocess';
import { INIT_NAMES, type InitName } from '../init';
import { loadModel } from '../io/load';
import { Model } from '../model';
import { Dense, ELU, LeakyReLU, ReLU, Sigmoid, Tanh } from '../nn';
import type { Layer } from '../nn/layer';

export const CHECK_USAGE = 'usage: nnkit check [--data digits|fashion-mnist|file.csv] [--model file.nnkit | ' +
  '--hidden 128,64 --activation relu|tanh|sigmoid|leaky-relu|elu --init he|xavier|...] [--seed n] [--json]';

const ACTIVATIONS: Record<string, () => Layer> = {
  relu: () => new ReLU(), tanh: () => new Tanh(), sigmoid: () => new Sigmoid(), 'leaky-relu': () => new LeakyReLU(), elu: () => new ELU(),
};

export async function checkCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv, strict: true, options: {
      data: { type: 'string', default: 'digits' }, model: { type: 'string' }, hidden: { type: 'string', default: '128' },
      activation: { type: 'string', default: 'relu' }, init: { type: 'string', default: 'he' },
      seed: { type: 'string', default: '0' }, json: { type: 'boolean', default: false },
    },
  });
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got ${values.seed}`);
  const raw = await loadData(values.data as string);
  let model: Layer;
  let data: Dataset;
  if (values.model) {
    const loaded = await loadModel(values.model);
    model = loaded;
    data = loaded.preprocessing ? { ...raw, x: loaded.preprocessing.transform(raw.x) } : raw;
  } else {
    model = buildModel(raw, values.hidden as string, values.activation as string, values.init as string, seed);
    data = { ...raw, x: standardize().fit(raw.x).transform(raw.x) };
  }
  const report = await check(model, data, { seed });
  if (values.json) {
    process.stdout.write(JSON.stringify(report) + '\n');
  } else {
    process.stdout.write(`nnkit check: ${data.name ?? values.data} (${data.x.rows} rows), ${model.describe()}\n` + formatReport(report));
  }
  return atLeast(report.findings, 'error').length > 0 ? 1 : 0;
}

async function loadData(spec: string): Promise<Dataset> {
  if (spec === 'digits') return (await loadDigits()).train;
  if (spec === 'fashion-mnist') return (await loadFashionMNIST()).train;
  if (/\.csv(\.gz)?$/.test(spec)) return { ...(await loadCSV(spec)), name: spec };
  throw new UsageError(`--data must be digits, fashion-mnist or a .csv file, got ${JSON.stringify(spec)}`);
}

function buildModel(data: Dataset, hidden: string, activation: string, init: string, seed: number): Model {
  const widths = hidden === '' ? [] : hidden.split(',').map(Number);
  if (!widths.every((w) => Number.isInteger(w) && w >= 1)) throw new UsageError(`--hidden must list whole numbers ≥ 1, got ${hidden}`);
  const act = ACTIVATIONS[activation];
  if (!act) throw new UsageError(`--activation must be one of ${Object.keys(ACTIVATIONS).join(', ')}, got ${activation}`);
  if (!(INIT_NAMES as string[]).includes(init)) throw new UsageError(`--init must be one of ${INIT_NAMES.join(', ')}, got ${init}`);
  const outputs = data.numClasses ?? 1;
  const layers: Layer[] = [];
  let width = data.x.cols;
  widths.forEach((w, i) => {
    layers.push(new Dense(width, w, { init: init as InitName, seed: seed * 1000 + i }), act());
    width = w;
  });
  layers.push(new Dense(width, outputs, { init: init === 'he' ? 'xavier' : (init as InitName), seed: seed * 1000 + 999 }));
  return new Model(layers);
}

/** The human form: one line per check, then the findings with their suggestions. */
export function formatReport(r: CheckReport): string {
  const c = r.checks, mark = (ok: boolean) => (ok ? '✓' : '✗');
  const lines: string[] = [];
  const il = c['init-loss'];
  lines.push(`${mark(il.passed)} init-loss       ${fmt(il.measured as number)}` +
    (il.expected === null ? '' : `, expected about ${fmt(il.expected as number)} (ln C with small weights)`));
  const rg = c.regularization;
  lines.push(`${mark(rg.passed)} regularization  ${fmt(rg.dataLoss as number)} → ${fmt(rg.withL2 as number)} with L2 λ = ${fmtRate(rg.lambda as number)}`);
  const gc = c.gradcheck;
  lines.push(`${mark(gc.passed)} gradcheck       ` + (gc.skipped ? `skipped: ${gc.skipped}` :
    `max relative error ${fmtRate(gc.maxRelError as number)} over ${gc.checked} elements (${gc.samples} samples, float64)`));
  const ot = c['overfit-tiny'];
  lines.push(`${mark(ot.passed)} overfit-tiny    ` + (ot.skipped ? `skipped: ${ot.skipped}` : ot.passed
    ? `${ot.samples} samples memorized in ${ot.steps} steps (lr ${fmtRate(ot.lr as number)}): loss ${fmt(ot.loss as number)}` +
      (ot.accuracy === null ? '' : `, accuracy ${pct(ot.accuracy as number)}`)
    : `${ot.samples} samples not memorized`));
  lines.push(`${mark(c.activations.passed)} activations     ` + (c.activations.layers.map((s) =>
    `${s.layer}: mean ${fmt(s.mean, 2)} std ${fmt(s.std, 2)}` + (s.kind === 'relu' ? ` dead ${pct(s.deadFraction)}` : '') +
    (s.kind === 'tanh' || s.kind === 'sigmoid' ? ` saturated ${pct(s.saturatedFraction)}` : '')).join('; ') || 'no activation layers'));
  return lines.map((l) => `  ${l}\n`).join('') + formatFindings(r.findings);
}

export function formatFindings(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'no findings\n';
  return 'findings:\n' + findings.map((f) => `  ${f.severity} ${f.id}: ${f.message}\n` +
    (f.suggestion ? `    → ${f.suggestion}\n` : '')).join('');
}
