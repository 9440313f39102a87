// The training report: one self-contained HTML file (inline CSS and SVG, no scripts, no external resources) with
// train/validation loss and accuracy per epoch, loss per batch, learning rate, per-layer update/weight ratios,
// per-layer activation histograms at the first and last epoch, predicted vs actual and residuals for regression,
// plus the run's settings and findings. Other charts (ROC, …) come in through ReportData.extraCharts. While training
// runs, a meta refresh (not a script) reloads the page (ReportData.live; written by live-report.ts).
import { pct } from '../format';
import type { EpochRecord } from '../train/history';
import { confusionChart } from './confusion-chart';
import { regressionCharts, type RegressionPairs } from './regression-charts';
import { escapeHtml, histogramChart, lineChart, type Histogram, type Series } from './svg';

export interface ReportData {
  title: string;
  /** Settings shown as a table (dataset, backend, layers, optimizer, ...). */
  settings: Record<string, string | number | boolean>;
  epochs: EpochRecord[];
  batchLoss: number[];
  /** Per layer: ‖Δw‖/‖w‖ of its weights, one [step, ratio] pair per sample (healthy ≈ 1e-3). */
  updateRatios: { layer: string; points: [number, number][] }[];
  /** Per layer: histogram of its outputs at the end of the first and of the last epoch. */
  activations: { layer: string; first: Histogram; last: Histogram }[];
  test?: { loss: number; accuracy?: number };
  /** Tables (tabular.trainTable): the test metrics by name (R², MAE, log loss, ROC AUC, …) and, for classes, the
   *  confusion matrix drawn as a heat map. */
  testMetrics?: Record<string, number>;
  confusion?: { classes: string[]; matrix: number[][] };
  findings: string[];
  /** The learning-rate range test behind `--lr auto` (src/babysit/lr-finder.ts): smoothed loss per tried rate. */
  lrFinder?: { lrs: number[]; smoothed: number[]; suggested: number };
  /** Regression: the test rows' targets and predictions (label units), drawn as predicted vs actual and residuals. */
  regression?: RegressionPairs;
  /** More charts, each a <figure> or <svg> (a ROC curve, …), drawn after the others in the curves grid. */
  extraCharts?: string[];
  /** The model's layers with their learned-parameter counts (nnkit info's summary). */
  model?: { layer: string; parameters: number }[];
  /** While training runs (live-report.ts): the page reloads itself every `seconds` and shows `status`. */
  live?: { seconds: number; status: string };
}

export const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:20px;margin:0 0 8px}h2{font-size:16px;margin:20px 0 6px}
.grid{display:flex;flex-wrap:wrap;gap:8px}figure{margin:0}svg{background:#fff}
svg .frame{fill:none;stroke:#999}svg .grid{stroke:#eee}svg .tick,svg .legend{font-size:10px;fill:#444}
svg .label{font-size:11px;fill:#333}svg .title{font-size:12px;font-weight:600;fill:#222}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:2px 8px;text-align:left}
.empty{color:#888;font-style:italic}.live{color:#a15c00}`;

export function renderReport(r: ReportData): string {
  const charts = [
    ...(r.confusion ? [confusionChart(r.confusion.classes, r.confusion.matrix)] : []),
    ...curveCharts(r),
    ...(r.regression ? regressionCharts(r.regression) : []),
    ...(r.extraCharts ?? []),
  ];
  const hists = r.activations.map((a) =>
    histogramChart(
      [
        { name: 'first epoch', hist: a.first },
        { name: 'last epoch', hist: a.last },
      ],
      { title: `Activations: ${a.layer}`, xLabel: 'output value' },
    ),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">${r.live ? `<meta http-equiv="refresh" content="${r.live.seconds}">` : ''}<title>${escapeHtml(r.title)}</title><style>${CSS}</style></head>
<body>
<h1>${escapeHtml(r.title)}</h1>
${liveStatus(r.live)}${testSummary(r)}
<h2>Curves</h2><div class="grid" id="curves">${charts.join('\n')}</div>
<h2>Activation histograms (first vs last epoch)</h2><div class="grid" id="activations">${hists.join('\n') || `<p class="empty">${r.live ? 'drawn when training ends' : 'not recorded'}</p>`}</div>
<h2>Findings</h2>${findingsList(r.findings)}
<h2>Epochs</h2>${epochTable(r.epochs)}
${r.model ? `<h2>Model</h2>${modelTable(r.model)}` : ''}
<h2>Settings</h2><table>${Object.entries(r.settings)
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(String(v))}</td></tr>`)
    .join('')}</table>
</body></html>
`;
}

/** Loss (and accuracy, R²) per epoch, loss per batch, learning rate, update ratios, the range test when run. */
function curveCharts(r: ReportData): string[] {
  const e = r.epochs;
  const s = (name: string, key: keyof EpochRecord): Series => ({
    name,
    points: e.map((x) => [x.epoch, x[key] as number]),
  });
  const perEpoch = (yLabel: string, series: Series[]) =>
    lineChart(series, { title: `${yLabel[0].toUpperCase()}${yLabel.slice(1)} per epoch`, xLabel: 'epoch', yLabel });
  return [
    perEpoch('loss', [s('train', 'trainLoss'), s('validation', 'valLoss')]),
    e.some((x) => x.trainAccuracy !== undefined)
      ? perEpoch('accuracy', [s('train', 'trainAccuracy'), s('validation', 'valAccuracy')])
      : '',
    e.some((x) => x.valR2 !== undefined)
      ? lineChart([s('validation', 'valR2')], { title: 'Validation R² per epoch', xLabel: 'epoch', yLabel: 'R²' })
      : '',
    lineChart([{ name: 'batch loss', points: r.batchLoss.map((l, i) => [i + 1, l]) }], {
      title: 'Loss per batch',
      xLabel: 'step',
      yLabel: 'loss',
      logY: r.batchLoss.every((l) => l > 0),
    }),
    lineChart([s('learning rate', 'lr')], { title: 'Learning rate', xLabel: 'epoch', yLabel: 'lr' }),
    lineChart(
      r.updateRatios.map((u) => ({ name: u.layer, points: u.points })),
      { title: 'Update/weight ratio per layer', xLabel: 'step', yLabel: '‖Δw‖/‖w‖', logY: true },
    ),
    r.lrFinder ? lrFinderChart(r.lrFinder) : '',
  ].filter(Boolean);
}

function lrFinderChart(f: NonNullable<ReportData['lrFinder']>): string {
  return lineChart(
    [
      { name: 'smoothed loss', points: f.lrs.map((lr, i) => [Math.log10(lr), f.smoothed[i]]) },
      { name: `suggested ${f.suggested.toPrecision(2)}`, points: lrMarker(f) },
    ],
    { title: 'Learning-rate range test', xLabel: 'log10 learning rate', yLabel: 'loss' },
  );
}

function liveStatus(live: ReportData['live']): string {
  return live
    ? `<p id="live-status" class="live">${escapeHtml(live.status)} — this page reloads every ${live.seconds} s while training runs</p>\n`
    : '';
}

function testSummary(r: ReportData): string {
  const test = r.test
    ? `<p id="test-result">Test loss ${r.test.loss.toFixed(4)}${r.test.accuracy !== undefined ? `, test accuracy ${pct(r.test.accuracy, 2)}` : ''}</p>`
    : '';
  const metrics = r.testMetrics
    ? `<p id="test-metrics">${Object.entries(r.testMetrics)
        .map(([k, v]) => `${escapeHtml(k)} ${Number.isInteger(v) ? v : v.toPrecision(4)}`)
        .join(', ')}</p>`
    : '';
  return test + metrics;
}

function findingsList(findings: string[]): string {
  return findings.length
    ? `<ul>${findings.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>`
    : '<p class="empty">none</p>';
}

function modelTable(layers: NonNullable<ReportData['model']>): string {
  const total = layers.reduce((n, l) => n + l.parameters, 0);
  const rows = layers.map((l) => `<tr><td>${escapeHtml(l.layer)}</td><td>${l.parameters}</td></tr>`).join('');
  return `<table id="model"><tr><th>layer</th><th>parameters</th></tr>${rows}<tr><th>total</th><th>${total}</th></tr></table>`;
}

function epochTable(e: EpochRecord[]): string {
  const rows = e
    .map(
      (x) =>
        `<tr><td>${x.epoch}</td><td>${x.trainLoss.toFixed(4)}</td><td>${pctOrBlank(x.trainAccuracy)}</td>` +
        `<td>${x.valLoss?.toFixed(4) ?? ''}</td><td>${pctOrBlank(x.valAccuracy)}</td><td>${x.lr.toPrecision(3)}</td>` +
        `<td>${x.seconds.toFixed(2)}</td><td>${Math.round(x.samplesPerSec)}</td></tr>`,
    )
    .join('');
  return `<table id="epochs"><tr><th>epoch</th><th>train loss</th><th>train acc</th><th>val loss</th><th>val acc</th><th>lr</th><th>seconds</th><th>samples/s</th></tr>${rows}</table>`;
}

/** A vertical segment at the suggested rate, spanning the curve's finite loss range. */
function lrMarker(f: { smoothed: number[]; suggested: number }): [number, number][] {
  const ys = f.smoothed.filter(Number.isFinite);
  const x = Math.log10(f.suggested);
  return ys.length
    ? [
        [x, Math.min(...ys)],
        [x, Math.max(...ys)],
      ]
    : [];
}

function pctOrBlank(v: number | undefined): string {
  return v === undefined ? '' : pct(v, 2);
}
