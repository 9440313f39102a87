#!/usr/bin/env node
// nnkit's default tabular training (`nnkit train --data file.csv --label col`, i.e. tabular.trainTable with no
// other options) beside scikit-learn's default MLP on the same splits: four messy public tables (bench/tabular/
// make-tables.py), 5 seeds each (the seed sets the split and both models' initialization). Scores are test-set
// means over the seeds; the ratio is nnkit / scikit-learn (accuracy, R²). The scikit-learn scores are committed
// in bench/tabular/sklearn-scores.json (bench/tabular/sklearn-scores.py, Debian's python3-sklearn), so this runs
// without Python.
//   node bench/tabular.js [--seeds 0,1,2,3,4] [--only fair.csv] [--json]
//   node bench/tabular.js --write-splits      (writes bench/tabular/splits.json for sklearn-scores.py)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const lib = require('./lib');

const DIR = path.join(__dirname, 'tabular');
const config = JSON.parse(fs.readFileSync(path.join(DIR, 'tables.json'), 'utf8'));

async function main() {
  const nnkit = lib.loadNnkit();
  const T = nnkit.tabular;
  const seeds = lib.option('--seeds') ? lib.option('--seeds').split(',').map(Number) : config.seeds;
  const only = lib.option('--only');
  const specs = config.tables.filter((t) => !only || only.split(',').includes(t.file));
  if (process.argv.includes('--write-splits')) return writeSplits(T, specs, seeds);
  const peer = JSON.parse(fs.readFileSync(path.join(DIR, 'sklearn-scores.json'), 'utf8'));
  const rows = [];
  const results = [];
  const targets = [];
  for (const spec of specs) {
    const table = await T.readTable(path.join(DIR, 'data', spec.file));
    const runs = [];
    for (const seed of seeds) {
      const t0 = process.hrtime.bigint();
      const r = await T.trainTable(table, { label: spec.label, seed, splitSeed: seed });
      runs.push({ ...r.test, seconds: Number(process.hrtime.bigint() - t0) / 1e9, epochs: r.history.epochs.length });
    }
    const sk = seeds.map((s) => peer.scores[spec.file][config.seeds.indexOf(s)]);
    const regression = spec.task === 'regression';
    const key = regression ? 'r2' : 'accuracy';
    const skBest = regression ? Math.max(mean(sk, 'r2'), mean(sk, 'r2Scaled')) : mean(sk, 'accuracy');
    const ours = mean(runs, key);
    rows.push({
      table: spec.file,
      metric: key === 'r2' ? 'R²' : 'accuracy',
      nnkit: ours,
      sklearn: skBest,
      ratio: ours / skBest,
      diff: ours - skBest,
      second: regression
        ? `MAE ${mean(runs, 'mae').toFixed(1)} vs ${mean(sk, 'maeScaled').toFixed(1)}`
        : `log loss ${mean(runs, 'logLoss').toFixed(3)} vs ${mean(sk, 'logLoss').toFixed(3)}`,
      plain: regression ? `unscaled-target R² ${mean(sk, 'r2').toFixed(3)}` : '',
      epochs: mean(runs, 'epochs'),
      seconds: mean(runs, 'seconds'),
    });
    results.push(lib.result(`${spec.file} test ${key}`, ours, key, `scikit-learn ${peer.sklearn} default MLP`, skBest));
    const second = regression ? ['mae', 'maeScaled', 'MAE'] : ['logLoss', 'logLoss', 'log loss'];
    results.push(
      lib.result(
        `${spec.file} test ${second[2]}`,
        mean(runs, second[0]),
        second[2],
        `scikit-learn ${peer.sklearn} default MLP`,
        mean(sk, second[1]),
      ),
    );
    results.push(lib.result(`${spec.file} nnkit epochs (early stopping)`, mean(runs, 'epochs'), 'epochs'));
    const allowed = regression ? 0.02 : 0.01;
    targets.push(
      `${spec.file}: ${key} ${ours.toFixed(4)} vs scikit-learn ${skBest.toFixed(4)} (${ours >= skBest ? '+' : ''}${(ours - skBest).toFixed(4)}); ` +
        `target: within ${allowed} or better: ${ours >= skBest - allowed ? 'met' : 'NOT met'}`,
    );
  }
  const notes = [
    ...targets,
    'scikit-learn: SimpleImputer(median, indicator) + StandardScaler, SimpleImputer(missing) + OneHotEncoder, MLP defaults;',
    'for regression the better of MLPRegressor and TransformedTargetRegressor(MLPRegressor, StandardScaler) is shown.',
    'nnkit: tabular.trainTable(table, { label, seed, splitSeed: seed }) — its inferred schema, 10 % of the training rows held out for early stopping.',
  ];
  if (lib.wantsJson()) {
    const machine = lib.machineInfo(nnkit);
    const command = `node bench/tabular.js --json${lib.option('--seeds') ? ` --seeds ${seeds.join(',')}` : ''}`;
    console.log(
      JSON.stringify({
        bench: 'tabular',
        machine,
        command,
        versions: { nnkit: nnkit.VERSION, 'scikit-learn': peer.sklearn },
        results,
        notes,
      }),
    );
    return;
  }
  const metricKeys = new Set(['nnkit', 'sklearn', 'ratio', 'diff']);
  const fix = (k, v) => (typeof v !== 'number' ? v : metricKeys.has(k) ? v.toFixed(4) : v.toFixed(2));
  lib.report({
    title: `Tabular: nnkit default vs scikit-learn default MLP, test-set means over seeds ${seeds.join(',')}`,
    machine: lib.machineInfo(nnkit),
    results,
    rows: rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, fix(k, v)]))),
    columns: [
      ['table', 'table'],
      ['metric', 'metric'],
      ['nnkit', 'nnkit'],
      ['sklearn', 'scikit-learn'],
      ['ratio', 'ratio'],
      ['diff', 'nnkit − sklearn'],
      ['second', 'second metric (nnkit vs sklearn)'],
      ['plain', 'sklearn note'],
      ['epochs', 'nnkit epochs'],
      ['seconds', 'nnkit s/run'],
    ],
    notes,
  });
}

async function writeSplits(T, specs, seeds) {
  const out = {};
  for (const spec of specs) {
    const table = await T.readTable(path.join(DIR, 'data', spec.file));
    const labelled = Array.from({ length: table.length }, (_, i) => i);
    out[spec.file] = Object.fromEntries(seeds.map((s) => [s, T.splitRows(labelled, s, 0.2, 0.1, spec.file).test]));
  }
  fs.writeFileSync(path.join(DIR, 'splits.json'), JSON.stringify(out) + '\n');
  console.log(`wrote ${path.join(DIR, 'splits.json')}`);
}

function mean(rows, key) {
  return rows.reduce((a, r) => a + r[key], 0) / rows.length;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
