// The search report (`nnkit search --report out.html`): the classic plots of a random search (CS231n, "Hyperparameter
// optimization"): validation accuracy against the learning rate on a log axis, and every trial placed by learning rate
// (x) and regularization (y) on log axes, coloured by validation accuracy (dark = low, yellow = high). Aborted and
// failed trials are grey crosses. One self-contained HTML file: inline SVG, no scripts.
import { figure, plotFrame, type Frame, type FrameAxis } from '../report/plot-frame';
import { escapeHtml } from '../report/svg-text';
import { logTicks } from '../report/ticks';
import type { SearchResult } from './search';
import type { TrialResult } from './trial';

const W = 480,
  H = 320;
const PAD = { left: 60, right: 16, top: 28, bottom: 42 };

function logRange(values: number[]): [number, number] {
  const logs = values.filter((v) => v > 0 && Number.isFinite(v)).map(Math.log10);
  if (logs.length === 0) return [-1, 0];
  const lo = Math.min(...logs),
    hi = Math.max(...logs);
  return lo === hi ? [lo - 0.5, hi + 0.5] : [lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo)];
}

/** viridis-like ramp for t ∈ [0, 1]. */
function colour(t: number): string {
  const stops = [
    [68, 1, 84],
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [253, 231, 37],
  ];
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  return `rgb(${stops[i].map((c, k) => Math.round(c + f * (stops[i + 1][k] - c))).join(',')})`;
}

/** Tick values (data units) of an axis: the ends and middle of a linear axis, round values of a log one (its middle
 *  when no round value falls inside). */
function tickValues(a: Axis): number[] {
  const [lo, hi] = a.range;
  if (!a.log) return [lo, (lo + hi) / 2, hi];
  const ticks = logTicks(lo, hi);
  return ticks.length ? ticks : [10 ** ((lo + hi) / 2)];
}

interface Axis {
  name: string;
  log: boolean;
  /** In axis units: log10 of the values on a log axis. */
  range: [number, number];
}

const frameAxis = (a: Axis): FrameAxis => ({
  label: `${a.name}${a.log ? ' (log)' : ''}`,
  lo: a.range[0],
  hi: a.range[1],
  log: a.log,
  ticks: tickValues(a),
});

type ValueOf = { x: (t: TrialResult) => number; y: (t: TrialResult) => number };

function scatter(
  title: string,
  trials: TrialResult[],
  x: Axis,
  y: Axis,
  valueOf: ValueOf,
  colourBy?: [number, number],
): string {
  const f = plotFrame({ title, width: W, height: H, pad: PAD, x: frameAxis(x), y: frameAxis(y) });
  const marks = trials.flatMap((t) => trialMark(t, f, x, valueOf, colourBy) ?? []);
  f.parts.push(...marks);
  return figure(title, marks.length, W, H, f.parts);
}

/** A finished trial as a dot (coloured by its validation accuracy when `colourBy` is its range); an aborted or
 *  failed one as a grey cross (on the bottom edge when y is its accuracy). Undefined when it cannot be placed. */
function trialMark(
  t: TrialResult,
  f: Frame,
  x: Axis,
  valueOf: ValueOf,
  colourBy: [number, number] | undefined,
): string | undefined {
  const vx = valueOf.x(t);
  if (!Number.isFinite(vx) || (x.log && !(vx > 0))) return undefined;
  const bad = t.status !== 'ok' || t.valAccuracy === null;
  const px = f.sx(vx);
  const py = bad && !colourBy ? f.box.top + f.box.height - 4 : f.sy(valueOf.y(t));
  if (!Number.isFinite(py)) return undefined;
  const tip = `<title>${escapeHtml(`${t.id} ${t.status}${t.valAccuracy === null ? '' : ' ' + t.valAccuracy.toFixed(4)} ${JSON.stringify(t.config)}`)}</title>`;
  if (bad)
    return `<path d="M${(px - 3).toFixed(1)},${(py - 3).toFixed(1)}l6,6m0,-6l-6,6" stroke="#999" class="point aborted">${tip}</path>`;
  const fill = colourBy ? colour((t.valAccuracy! - colourBy[0]) / (colourBy[1] - colourBy[0] || 1)) : '#1f77b4';
  return `<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="${colourBy ? 4 : 3}" fill="${fill}" class="point">${tip}</circle>`;
}

const cell = (v: unknown) =>
  v === undefined
    ? ''
    : typeof v === 'number' && !Number.isInteger(v)
      ? Number(v.toPrecision(3)).toString()
      : String(v);

const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}h1{font-size:20px}
.charts{display:flex;flex-wrap:wrap;gap:8px}figure{margin:0}svg .frame{fill:none;stroke:#999}svg .grid{stroke:#eee}
svg .tick{font-size:10px;fill:#444}svg .label{font-size:11px}svg .title{font-size:12px;font-weight:600}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:2px 8px;text-align:left}`;

/** The HTML report. `lrKey`/`regKey` name the learning-rate and regularization hyperparameters. */
export function renderSearchReport(
  result: SearchResult,
  opts: { title?: string; lrKey?: string; regKey?: string } = {},
): string {
  const lrKey = opts.lrKey ?? 'lr';
  const regKey = opts.regKey ?? (result.trials.some((t) => 'reg' in t.config) ? 'reg' : 'weightDecay');
  const trials = result.trials;
  const num = (t: TrialResult, k: string) => Number(t.config[k]);
  const ok = trials.filter((t) => t.status === 'ok' && t.valAccuracy !== null);
  const accs = ok.map((t) => t.valAccuracy!);
  const accRange: [number, number] = accs.length ? [Math.min(...accs), Math.max(...accs)] : [0, 1];
  const charts: string[] = [];
  const hasLr = trials.some((t) => num(t, lrKey) > 0);
  const hasReg = trials.some((t) => num(t, regKey) > 0);
  if (hasLr) {
    const pad = (accRange[1] - accRange[0]) * 0.05 || 0.05;
    charts.push(
      scatter(
        `validation accuracy vs ${lrKey}`,
        trials,
        { name: lrKey, log: true, range: logRange(trials.map((t) => num(t, lrKey))) },
        { name: 'validation accuracy', log: false, range: [accRange[0] - pad, accRange[1] + pad] },
        { x: (t) => num(t, lrKey), y: (t) => t.valAccuracy ?? NaN },
      ),
    );
  }
  if (hasLr && hasReg) {
    charts.push(
      scatter(
        `${lrKey} × ${regKey}, colour = validation accuracy (${accRange[0].toFixed(3)} … ${accRange[1].toFixed(3)})`,
        trials,
        { name: lrKey, log: true, range: logRange(trials.map((t) => num(t, lrKey))) },
        { name: regKey, log: true, range: logRange(trials.map((t) => num(t, regKey))) },
        { x: (t) => num(t, lrKey), y: (t) => num(t, regKey) },
        accRange,
      ),
    );
  }
  const keys = [...new Set(trials.flatMap((t) => Object.keys(t.config)))];
  const rows = trials
    .slice(0, 50)
    .map(
      (t) =>
        `<tr><td>${escapeHtml(t.id)}</td><td>${t.status}</td><td>${t.valAccuracy === null ? '' : t.valAccuracy.toFixed(4)}</td>` +
        `<td>${t.epochs}</td>${keys.map((k) => `<td>${escapeHtml(cell(t.config[k]))}</td>`).join('')}</tr>`,
    )
    .join('');
  const title = opts.title ?? 'nnkit hyperparameter search';
  return (
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${CSS}</style></head><body>` +
    `<h1>${escapeHtml(title)}</h1><p>${trials.length} trials, ${ok.length} finished; best validation accuracy ` +
    `${result.best ? result.best.valAccuracy.toFixed(4) + ' with ' + escapeHtml(JSON.stringify(result.best.config)) : '—'}</p>` +
    `<div class="charts">${charts.join('') || '<p>no learning-rate hyperparameter to plot</p>'}</div>` +
    `<h2>Trials (best first${trials.length > 50 ? ', top 50' : ''})</h2><table><tr><th>id</th><th>status</th><th>val acc</th><th>epochs</th>` +
    `${keys.map((k) => `<th>${escapeHtml(k)}</th>`).join('')}</tr>${rows}</table></body></html>\n`
  );
}
