#!/usr/bin/env node
// Regenerates bench/RESULTS.md from benchmark runs; the file is never edited by hand.
//   node scripts/bench-results.js                 runs the standard set (below) with --json, then writes the file
//   node scripts/bench-results.js a.json b.json   writes the file from saved `--json` outputs
//   node scripts/bench-results.js bench/RESULTS.json   re-renders the file from the last standard run's reports
//   options: --out FILE (default bench/RESULTS.md), --quick (shorter runs, for checking the script)
// A standard run also saves its reports beside the output (RESULTS.json), so the file can be re-rendered.
// Each input is one report: { bench?, machine, command?, versions?, results: [{ name, value, unit, peer, ratio }],
// targets?, notes?, ... } as printed by `node bench/<name>.js --json` or `npm run bench -- <name> --json`.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
// The standard set, in order: [name, flags for --quick]. The kernel benchmarks go through bench/run.js (which
// recompiles dist/ when stale and keeps { machine, results }); compare-train and profile-step run directly, after
// them, so their targets, notes, versions and profiles reach the file too.
const STANDARD = [
  ['gemm', ['--seconds', '0.1']],
  ['activations', ['--seconds', '0.1']],
  ['batchnorm', ['--seconds', '0.1']],
  ['train', ['--samples', '2560', '--js-samples', '256', '--rounds', '1']],
  ['compare-train', ['--rounds', '1', '--seconds', '1']],
  ['profile-step', ['--steps', '5']],
  ['tabular', ['--seeds', '0']],
];
const DIRECT = new Set(['compare-train', 'profile-step', 'tabular']);

function runStandard(quick) {
  const reports = [];
  for (const [name, quickFlags] of STANDARD) {
    if (!fs.existsSync(path.join(ROOT, 'bench', `${name}.js`))) {
      process.stderr.write(`bench-results: bench/${name}.js not found, skipped\n`);
      continue;
    }
    const flags = ['--json', ...(quick ? quickFlags : [])];
    const args = DIRECT.has(name) ? [`bench/${name}.js`, ...flags] : ['bench/run.js', name, ...flags];
    process.stderr.write(`bench-results: node ${args.join(' ')}\n`);
    const p = spawnSync(process.execPath, args, {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 26,
    });
    if (p.status !== 0) throw new Error(`bench-results: bench/${name}.js exited with ${p.status}`);
    for (const r of splitByBench(JSON.parse(p.stdout.trim().split('\n').pop()))) {
      reports.push({
        ...r,
        command:
          r.command ?? (DIRECT.has(name) ? `node ${args.join(' ')}` : `npm run bench -- ${args.slice(1).join(' ')}`),
      });
    }
  }
  return reports;
}

/** bench/run.js --json merges benchmarks into one { machine, results } with `bench` on each result: one report
 *  per benchmark again. A benchmark's own report (with `bench` at the top) passes through. */
function splitByBench(r) {
  if (r.bench || !r.results.some((x) => x.bench)) return [r];
  const names = [...new Set(r.results.map((x) => x.bench))];
  return names.map((bench) => ({ bench, machine: r.machine, results: r.results.filter((x) => x.bench === bench) }));
}

const fmt = (v) =>
  typeof v !== 'number'
    ? String(v ?? '')
    : Math.abs(v) >= 100
      ? v.toFixed(0)
      : Math.abs(v) >= 10
        ? v.toFixed(1)
        : v.toFixed(2);
const row = (cells) => `| ${cells.join(' | ')} |`;

function renderReport(r) {
  const lines = [`## ${r.bench ?? 'benchmark'}`, ''];
  if (r.command) lines.push(`Command: \`${r.command}\``, '');
  if (r.versions && Object.keys(r.versions).length) {
    lines.push(
      `Versions: ${Object.entries(r.versions)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
      '',
    );
  }
  if (r.machine?.loadavg && r.machine.loadavg[0] > r.machine.cores) {
    lines.push(
      `**Overloaded machine**: load ${fmt(r.machine.loadavg[0])} on ${r.machine.cores} cores when this ran; ` +
        'every figure here is depressed and noisy, and even ratios from alternated runs are only indicative.',
      '',
    );
  }
  if (r.machine?.loadavg) {
    lines.push(
      `Load average (1/5/15 min) ${r.machine.loadavg.map(fmt).join('/')} at the start` +
        `${r.machine.loadavgAfter ? `, ${r.machine.loadavgAfter.map(fmt).join('/')} at the end` : ''}, on ` +
        `${r.machine.cores} cores${r.machine.backend ? `; nnkit ${r.machine.backend.name} ${r.machine.backend.simd}` : ''}.`,
      '',
    );
  }
  const own = r.results.filter((x) => x.peer == null);
  if (own.length) {
    const range = own.some((x) => x.min !== undefined);
    lines.push(
      row(['name', 'value', 'unit', ...(range ? ['min–max over rounds'] : [])]),
      row(['---', '---:', '---', ...(range ? ['---:'] : [])]),
    );
    for (const x of own) {
      lines.push(
        row([
          x.name,
          fmt(x.value),
          x.unit,
          ...(range ? [x.min === undefined ? '' : `${fmt(x.min)}–${fmt(x.max)}`] : []),
        ]),
      );
    }
    lines.push('');
  }
  const ratios = r.results.filter((x) => x.peer != null);
  if (ratios.length) {
    lines.push(row(['name', 'value', 'unit', 'peer', 'nnkit / peer']), row(['---', '---:', '---', '---', '---:']));
    for (const x of ratios) lines.push(row([x.name, fmt(x.value), x.unit, x.peer, `${fmt(x.ratio)}x`]));
    lines.push('');
  }
  for (const t of r.targets ?? []) {
    lines.push(
      `- target ${t.metric} ${t.runner} / ${t.peer} ≥ ${t.want}x: **${fmt(t.ratio)}x**, ${t.met ? 'met' : 'not met'}`,
    );
  }
  for (const n of r.notes ?? []) lines.push(`- note: ${n}`);
  for (const [id, b] of Object.entries(r.torchBestSplit ?? {})) {
    lines.push(
      `- ${id}: best split torch ${b.torchThreads} / OpenBLAS ${b.blasThreads} threads (OpenBLAS core ${b.core})`,
    );
  }
  if (r.recipe) {
    const k = r.recipe;
    const o = { seconds: k.seconds, maxSteps: k.maxSteps, ...r.options }; // the run's --seconds / --max-steps
    lines.push(
      `- recipe: MLP ${k.sizes.join('-')}, BatchNorm + ReLU, batch ${k.batch}, SGD lr ${k.lr} momentum ` +
        `${k.momentum} weight decay ${k.weightDecay}; ${k.warmupSteps} warm-up steps, then up to ${o.maxSteps} ` +
        `timed steps or ${o.seconds} s`,
    );
  }
  return lines.join('\n').trimEnd() + '\n';
}

function render(reports, sources) {
  const m = reports.find((r) => r.machine)?.machine ?? {};
  const head = [
    '# nnkit benchmark results',
    '',
    '<!-- generated by scripts/bench-results.js; do not edit by hand: rerun `node scripts/bench-results.js` -->',
    '',
    `Generated ${new Date().toISOString()} from ${sources}.`,
    '',
    `Machine: ${m.cpu ?? '?'}, ${m.cores ?? '?'} cores, ${m.memoryGiB ?? '?'} GiB, ${m.platform ?? '?'}, ` +
      `Node ${m.node ?? process.version}${m.date ? `, run ${m.date}` : ''}.`,
    '',
    'Figures are samples/s (or as stated); ratios are nnkit / peer from the same run, peers alternated with nnkit. ' +
      'On a machine shared with other work, trust the ratios more than the absolute figures.',
    '',
  ];
  return head.join('\n') + '\n' + reports.map(renderReport).join('\n');
}

function main() {
  const argv = process.argv.slice(2);
  let out = path.join(ROOT, 'bench', 'RESULTS.md');
  let quick = false;
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = path.resolve(argv[++i]);
    else if (argv[i] === '--quick') quick = true;
    else if (argv[i].startsWith('--'))
      throw new Error(`bench-results: unknown option ${argv[i]} (--out FILE, --quick)`);
    else files.push(argv[i]);
  }
  const reports = files.length
    ? files.flatMap((f) => {
        const parsed = JSON.parse(fs.readFileSync(f, 'utf8').trim().split('\n').pop());
        return (Array.isArray(parsed) ? parsed : [parsed]).flatMap((r) => {
          if (!Array.isArray(r?.results))
            throw new Error(`bench-results: ${f} has no "results" array: not a --json report`);
          return splitByBench(r);
        });
      })
    : runStandard(quick);
  if (!files.length) fs.writeFileSync(out.replace(/\.md$/, '') + '.json', JSON.stringify(reports) + '\n');
  if (!reports.length) throw new Error('bench-results: no reports to write');
  const sources = files.length
    ? files.map((f) => `\`${path.basename(f)}\``).join(', ')
    : 'a fresh run of the standard set';
  fs.writeFileSync(out, render(reports, sources));
  process.stderr.write(`bench-results: wrote ${path.relative(process.cwd(), out)}\n`);
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
}

module.exports = { render, renderReport, splitByBench };
