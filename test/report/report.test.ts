// The HTML report: built from a synthetic history, rendered in real headless Chromium, with each chart's paths
// measured by the browser (non-zero length, one per series). Skipped with a printed reason when chromium is absent.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineChart, renderReport } from '../../src/report';
import { syntheticReport } from './synthetic';
import { chromium, CHROMIUM } from '../helpers/chromium';

describe('HTML report', () => {
  it('is self-contained: no scripts, no external resources, titles escaped', () => {
    const html = renderReport(syntheticReport());
    expect(html).not.toMatch(/<script|<link|src=|href=/i);
    expect(html).toContain('nnkit training report &lt;test&gt;');
    for (const t of [
      'Loss per epoch',
      'Accuracy per epoch',
      'Loss per batch',
      'Learning rate',
      'Update/weight ratio per layer',
      'Activations: ReLU #1',
    ]) {
      expect(html).toMatch(new RegExp(`data-chart="${t.replace(/[()/#]/g, '.')}" data-points="[1-9]`));
    }
  });

  it('a constant series gets an axis around its value (a constant lr 1e-3 reads 0.001, not 0 on ±0.5)', () => {
    const chart = lineChart([{ name: 'lr', points: [1, 2, 3].map((e) => [e, 1e-3]) }], {
      title: 'lr',
      xLabel: 'epoch',
    });
    const yTicks = [...chart.matchAll(/text-anchor="end" class="tick">([^<]+)</g)].map((m) => Number(m[1]));
    expect(yTicks.length).toBeGreaterThan(1);
    for (const t of yTicks) expect(Math.abs(t - 1e-3)).toBeLessThanOrEqual(1e-4 + 1e-12);
    expect(yTicks.some((t) => Math.abs(t - 1e-3) < 1e-9)).toBe(true);
  });

  it('renders in headless Chromium with every chart drawn', (ctx) => {
    if (!CHROMIUM) {
      console.log('skipped: no chromium found (apt-get install chromium; .ci/run installs it)');
      ctx.skip();
      return;
    }
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nnkit-report-'));
    const html = renderReport(syntheticReport());
    writeFileSync(path.join(dir, 'report.html'), html);
    // A probe copy: the browser measures every series path and writes the result into the DOM.
    const probe = html.replace(
      '</body>',
      `<script>
      const out = [...document.querySelectorAll('figure.chart')].map((f) => ({ chart: f.dataset.chart,
        paths: [...f.querySelectorAll('path.series')].map((p) => Math.round(p.getTotalLength())),
        box: Math.round(f.querySelector('svg').getBoundingClientRect().width) }));
      const pre = document.createElement('pre'); pre.id = 'probe-out'; pre.textContent = JSON.stringify(out);
      document.body.append(pre);
    </script></body>`,
    );
    writeFileSync(path.join(dir, 'probe.html'), probe);
    const dom = chromium(['--dump-dom', `file://${dir}/probe.html`]);
    const json = dom.match(/<pre id="probe-out">(.*?)<\/pre>/s)?.[1];
    expect(json, 'probe output in the dumped DOM').toBeDefined();
    const charts = JSON.parse(
      json!
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
        .replace(/&gt;/g, '>')
        .replace(/&lt;/g, '<'),
    ) as { chart: string; paths: number[]; box: number }[];
    expect(charts.map((c) => c.chart)).toEqual([
      'Loss per epoch',
      'Accuracy per epoch',
      'Loss per batch',
      'Learning rate',
      'Update/weight ratio per layer',
      'Activations: ReLU #1',
    ]);
    for (const c of charts) {
      expect(c.box, c.chart).toBeGreaterThan(100);
      expect(c.paths.length, c.chart).toBeGreaterThan(0);
      for (const len of c.paths) expect(len, c.chart).toBeGreaterThan(50);
    }
    const png = path.join(dir, 'report.png');
    chromium(['--window-size=1200,1400', `--screenshot=${png}`, `file://${dir}/report.html`]);
    expect(existsSync(png)).toBe(true);
    if (process.env.NNKIT_KEEP_REPORT) console.log(`screenshot: ${png}`);
  });
});
