// `nnkit check [--data digits|fashion-mnist|file.csv] [--data-dir dir] [--model file.nnkit | --layers 256,128 --activation relu
// --bn/--no-bn --init he --dropout p] [--seed n] [--json]`: the babysitter's sanity checks (src/babysit/sanity-checks.ts)
// before training, on a saved model or on the MLP `nnkit train` would build from the same flags (same defaults), with
// the inputs standardized as train does, on the training rows only (src/data/by-name.ts). Prints one line per check and the findings; --json prints
//   { "checks": { "init-loss": {...}, "regularization": {...}, "gradcheck": {...}, "overfit-tiny": {...},
//     "activations": {...} }, "findings": [...] }
// Exit code 0 when no finding is an error, 1 otherwise (usable as a CI gate), 2 for a bad command line.
import { parseArgs } from 'node:util';
import { atLeast, type Finding } from '../babysit/findings';
import { fmt, fmtRate, pct } from '../babysit/findings';
import { check, type CheckReport } from '../babysit/sanity-checks';
import { dataRefFromName, loadTrainingRows, type DatasetRef } from '../data/by-name';
import { asImages } from '../data/images';
import { imageSampleShape } from '../infer/image-input';
import type { Dataset } from '../data/dataset';
import { standardize } from '../data/preprocess';
import { INIT_NAMES } from '../init';
import { loadModel } from '../io/load';
import type { Model } from '../model';
import type { Layer } from '../nn/layer';
import { ACTIVATION_NAMES, buildMlp, isActivationName, mlpDefaults } from '../recipes/mlp';
import { tableCheckInputs } from './check-table';
import { TABLE_FILE } from './train-table';
import type { LossName } from '../losses';
import { UsageError } from './usage-error';

export const CHECK_USAGE =
  'usage: nnkit check [--data digits|fashion-mnist|file.csv [--label col]] [--data-dir dir] [--model file.nnkit | ' +
  `--layers 256,128 --activation ${ACTIVATION_NAMES.join('|')} --bn|--no-bn --init he|xavier|... ` +
  '--dropout p] [--seed n] [--json]\n';

export async function checkCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      data: { type: 'string', default: 'digits' },
      label: { type: 'string' },
      'data-dir': { type: 'string' },
      model: { type: 'string' },
      layers: { type: 'string' },
      activation: { type: 'string', default: mlpDefaults('digits').activation },
      init: { type: 'string', default: mlpDefaults('digits').init },
      bn: { type: 'boolean' },
      'no-bn': { type: 'boolean' },
      dropout: { type: 'string', default: '0' },
      seed: { type: 'string', default: '0' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(CHECK_USAGE);
    return 0;
  }
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got ${values.seed}`);
  const { model, data, loss }: { model: Layer; data: Dataset; loss?: LossName } = TABLE_FILE.test(values.data as string)
    ? await tableCheckInputs(
        values.data as string,
        values.label,
        { ...values, bn: values.bn && !values['no-bn'] },
        seed,
      )
    : await modelAndData(values, await loadTrainingRows(dataRef(values)), seed);
  const report = await check(model, data, { seed, ...(loss ? { loss } : {}) });
  if (values.json) {
    process.stdout.write(JSON.stringify(report) + '\n');
  } else {
    process.stdout.write(
      `nnkit check: ${data.name ?? values.data} (${data.x.rows} rows), ${model.describe()}\n` + formatReport(report),
    );
  }
  return atLeast(report.findings, 'error').length > 0 ? 1 : 0;
}

function dataRef(values: { data?: string; 'data-dir'?: string; label?: string }): DatasetRef {
  if (values.label !== undefined) throw new UsageError('--label applies to table files (.csv, .tsv, .jsonl, .json)');
  try {
    return dataRefFromName(values.data as string, { dir: values['data-dir'] });
  } catch (e) {
    throw new UsageError(`--${(e as Error).message}`);
  }
}

type CheckValues = { model?: string; layers?: string; data?: string; activation?: string; init?: string } & {
  'no-bn'?: boolean;
  dropout?: string;
};

/** The saved model with its own preprocessing (a CNN reads [N, C, H, W]), or the MLP of `nnkit train` from the
 *  flags on standardized rows. */
async function modelAndData(values: CheckValues, raw: Dataset, seed: number): Promise<{ model: Layer; data: Dataset }> {
  if (values.model) {
    const loaded = await loadModel(values.model);
    const rows = imageSampleShape(loaded, undefined, 'nnkit check') ? asImages(raw) : raw;
    return {
      model: loaded,
      data: loaded.preprocessing ? { ...rows, x: loaded.preprocessing.transform(rows.x) } : rows,
    };
  }
  const layers = values.layers ?? mlpDefaults(values.data as string).layers.join(',');
  const model = buildModel(
    raw,
    layers,
    values.activation as string,
    values.init as string,
    !values['no-bn'],
    Number(values.dropout),
    seed,
  );
  return { model, data: { ...raw, x: standardize().fit(raw.x).transform(raw.x) } };
}

/** The MLP of `nnkit train` (the recipe of src/recipes/mlp.ts) from the same flags. */
function buildModel(
  data: Dataset,
  layers: string,
  activation: string,
  init: string,
  bn: boolean,
  dropout: number,
  seed: number,
): Model {
  const hidden = layers === '' ? [] : layers.split(',').map(Number);
  if (!hidden.every((w) => Number.isInteger(w) && w >= 1))
    throw new UsageError(`--layers must list whole numbers ≥ 1, got ${layers}`);
  if (!isActivationName(activation)) {
    throw new UsageError(`--activation must be one of ${ACTIVATION_NAMES.join(', ')}, got ${activation}`);
  }
  if (!(INIT_NAMES as string[]).includes(init))
    throw new UsageError(`--init must be one of ${INIT_NAMES.join(', ')}, got ${init}`);
  if (!(dropout >= 0 && dropout < 1)) throw new UsageError(`--dropout must be a number in [0, 1), got ${dropout}`);
  const settings = { ...mlpDefaults(data.name ?? ''), layers: hidden, activation, init, bn, dropout };
  return buildMlp(settings, data.x.cols, data.numClasses ?? 1, seed);
}

/** The human form: one line per check, then the findings with their suggestions. */
export function formatReport(r: CheckReport): string {
  const c = r.checks,
    mark = (ok: boolean) => (ok ? '✓' : '✗');
  const lines: string[] = [];
  const il = c['init-loss'];
  lines.push(
    `${mark(il.passed)} init-loss       ${fmt(il.measured as number)}` +
      (il.expected === null ? '' : `, expected about ${fmt(il.expected as number)} (ln C with small weights)`),
  );
  const rg = c.regularization;
  lines.push(
    `${mark(rg.passed)} regularization  ${fmt(rg.dataLoss as number)} → ${fmt(rg.withL2 as number)} with L2 λ = ${fmtRate(rg.lambda as number)}`,
  );
  const gc = c.gradcheck;
  lines.push(
    `${mark(gc.passed)} gradcheck       ` +
      (gc.skipped
        ? `skipped: ${gc.skipped}`
        : `max relative error ${fmtRate(gc.maxRelError as number)} over ${gc.checked} elements (${gc.samples} samples, float64)`),
  );
  const ot = c['overfit-tiny'];
  lines.push(
    `${mark(ot.passed)} overfit-tiny    ` +
      (ot.skipped
        ? `skipped: ${ot.skipped}`
        : ot.passed
          ? `${ot.samples} samples memorized in ${ot.steps} steps (lr ${fmtRate(ot.lr as number)}): loss ${fmt(ot.loss as number)}` +
            (ot.accuracy === null ? '' : `, accuracy ${pct(ot.accuracy as number)}`)
          : `${ot.samples} samples not memorized`),
  );
  lines.push(
    `${mark(c.activations.passed)} activations     ` +
      (c.activations.layers
        .map(
          (s) =>
            `${s.layer}: mean ${fmt(s.mean, 2)} std ${fmt(s.std, 2)}` +
            (s.kind === 'relu' ? ` dead ${pct(s.deadFraction)}` : '') +
            (s.kind === 'tanh' || s.kind === 'sigmoid' ? ` saturated ${pct(s.saturatedFraction)}` : ''),
        )
        .join('; ') || 'no activation layers'),
  );
  return lines.map((l) => `  ${l}\n`).join('') + formatFindings(r.findings);
}

export function formatFindings(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'no findings\n';
  return (
    'findings:\n' +
    findings
      .map((f) => `  ${f.severity} ${f.id}: ${f.message}\n` + (f.suggestion ? `    → ${f.suggestion}\n` : ''))
      .join('')
  );
}
