// The table report's ROC curve: `nnkit train --data <binary table> --report` draws it for the test rows, its AUC the
// one --json reports; a multi-class table gets none.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { setBackend } from '../../src/backend';
import { main } from '../../src/cli';
import { rocChart } from '../../src/report/roc-chart';
import { describeEachBackend } from '../helpers/backends';

function table(classes: string[]): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'nnkit-roc-')), 't.csv');
  const lines = ['x,city,label'];
  for (let i = 0; i < 150; i++) {
    const x = Math.sin(i * 1.7);
    const city = ['a', 'b'][i % 2];
    lines.push(`${x},${city},${classes[Math.min(classes.length - 1, Math.floor((x + 1) * (classes.length / 2)))]}`);
  }
  writeFileSync(file, lines.join('\n'));
  return file;
}

async function train(file: string): Promise<{ json: { testRocAuc?: number }; html: string }> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const report = file.replace(/\.csv$/, '.html');
  const code = await main(['train', '--data', file, '--label', 'label', '--epochs', '5', '--json', '--report', report]);
  vi.restoreAllMocks();
  expect(code).toBe(0);
  return { json: JSON.parse(out.trim().split('\n').at(-1)!), html: readFileSync(report, 'utf8') };
}

describeEachBackend('report ROC curve', (b) => {
  afterEach(() => vi.restoreAllMocks());

  it('a binary table report draws the test rows ROC curve with the reported AUC', async () => {
    setBackend(b.name);
    const { json, html } = await train(table(['no', 'yes']));
    expect(json.testRocAuc).toBeGreaterThan(0.5);
    const m = /data-chart="ROC curve \(test rows; positive: yes\), AUC ([\d.]+)" data-points="(\d+)"/.exec(html);
    expect(m?.[1]).toBe(json.testRocAuc!.toFixed(3));
    expect(Number(m?.[2])).toBeGreaterThan(2);
  });

  it('a three-class table report has no ROC curve', async () => {
    setBackend(b.name);
    const { html } = await train(table(['low', 'mid', 'high']));
    expect(html).not.toContain('ROC curve');
  });
});

it('rocChart draws the curve through its points and the chance diagonal', () => {
  const svg = rocChart({
    points: [
      [0, 0],
      [0, 0.5],
      [1, 1],
    ],
    auc: 0.75,
    positive: 'yes',
  });
  // 360 × 340 with pads 56/12/28/40: x 0 → 56, 1 → 348; y 0 → 300, 0.5 → 164, 1 → 28
  expect(svg).toContain('<path d="M56.0,300.0L56.0,164.0L348.0,28.0"');
  expect(svg).toContain('M56,300L348,28');
  expect(rocChart({ points: [], auc: NaN, positive: 'yes' })).toContain('no data');
});
