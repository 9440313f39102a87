// `nnkit compare`'s page: several training runs overlaid on the same axes, one colour per run in every chart
// (training and validation loss, accuracy or R², learning rate per epoch), and a table of each run's final figures.
// One self-contained HTML file like the training report (inline SVG, no scripts).
import type { EpochRecord } from '../train/history';
import { CSS } from './html';
import { lineChart, type Series } from './svg';
import { escapeHtml } from './svg-text';

export interface ComparedRun {
  name: string;
  epochs: EpochRecord[];
  /** Figures of the whole run when known (nnkit train --json): testAccuracy, testLoss, seconds, … */
  summary: Record<string, number | string | null>;
}

const CURVES: { key: keyof EpochRecord; title: string; yLabel: string }[] = [
  { key: 'trainLoss', title: 'Training loss per epoch', yLabel: 'loss' },
  { key: 'valLoss', title: 'Validation loss per epoch', yLabel: 'loss' },
  { key: 'trainAccuracy', title: 'Training accuracy per epoch', yLabel: 'accuracy' },
  { key: 'valAccuracy', title: 'Validation accuracy per epoch', yLabel: 'accuracy' },
  { key: 'valR2', title: 'Validation R² per epoch', yLabel: 'R²' },
  { key: 'lr', title: 'Learning rate per epoch', yLabel: 'lr' },
];

export function renderComparison(runs: ComparedRun[], title = 'nnkit compare'): string {
  const charts = CURVES.filter((c) => runs.some((r) => r.epochs.some((e) => typeof e[c.key] === 'number'))).map((c) =>
    lineChart(
      runs.map((r) => curve(r, c.key)),
      { title: c.title, xLabel: 'epoch', yLabel: c.yLabel },
    ),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${CSS}</style></head>
<body>
<h1>${escapeHtml(title)}: ${runs.map((r) => escapeHtml(r.name)).join(', ')}</h1>
<h2>Curves</h2><div class="grid" id="curves">${charts.join('\n')}</div>
<h2>Runs</h2>${summaryTable(runs)}
</body></html>
`;
}

function curve(r: ComparedRun, key: keyof EpochRecord): Series {
  return { name: r.name, points: r.epochs.flatMap((e) => (typeof e[key] === 'number' ? [[e.epoch, e[key]]] : [])) };
}

/** The figures of each run: its epochs, last losses and accuracies, and what its --json line adds. */
export function summaryRows(runs: ComparedRun[]): Record<string, string>[] {
  const fmt = (v: unknown) =>
    typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : v == null ? '' : String(v);
  return runs.map((r) => {
    const last = r.epochs[r.epochs.length - 1] ?? ({} as Partial<EpochRecord>);
    const row: Record<string, unknown> = {
      run: r.name,
      epochs: r.epochs.length,
      'train loss': last.trainLoss,
      'val loss': last.valLoss,
      'val accuracy': last.valAccuracy,
      ...r.summary,
    };
    return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, fmt(v)]));
  });
}

function summaryTable(runs: ComparedRun[]): string {
  const rows = summaryRows(runs);
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (tag: string, v: string) => `<${tag}>${escapeHtml(v)}</${tag}>`;
  return `<table id="runs"><tr>${cols.map((c) => cell('th', c)).join('')}</tr>${rows
    .map((r) => `<tr>${cols.map((c) => cell('td', r[c] ?? '')).join('')}</tr>`)
    .join('')}</table>`;
}
