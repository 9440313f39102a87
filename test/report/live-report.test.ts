// The live report: rewritten after every epoch of a real fit, atomically (no temporary file left, every read sees
// a whole page), reloading itself while training runs; in headless Chromium the page served at epoch k reloads and
// shows epoch k + 1 once the file has changed, and its screenshot has the charts' colours (PNG decoded here, the
// decoder first checked on a block of known size and colour). Chromium parts skip when it is absent.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { SGD } from '../../src/optim';
import { renderReport, type ReportData } from '../../src/report';
import { LiveReport, writeFileAtomic } from '../../src/report/live-report';
import type { Callbacks } from '../../src/train/callbacks';
import { describeEachBackend } from '../helpers/backends';
import { chromium, chromiumAsync, CHROMIUM } from '../helpers/chromium';
import { countColour, readPng } from '../helpers/png';
import { blobs, mlp } from '../train/fixtures';
import { syntheticReport } from './synthetic';

const epochRows = (html: string) =>
  (html.match(/<table id="epochs">(.*?)<\/table>/s)?.[1].match(/<tr><td>/g) ?? []).length;

describeEachBackend('live report during fit', (b) => {
  it('is rewritten after every epoch with the epochs so far, reloading itself, and leaves no temporary file', async () => {
    setBackend(b.name);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nnkit-live-'));
    const file = path.join(dir, 'r.html');
    const seen: string[] = [];
    const live = new LiveReport(file, (ctx) => ({
      ...syntheticReport(),
      epochs: ctx.history.epochs,
      batchLoss: ctx.history.batchLoss,
    }));
    const reader: Callbacks = { onEpochEnd: () => void seen.push(readFileSync(file, 'utf8')) };
    await mlp().fit(blobs(60, 1), {
      epochs: 3,
      batchSize: 20,
      optimizer: new SGD({ lr: 0.1 }),
      callbacks: [live, reader],
    });
    expect(seen.map(epochRows)).toEqual([1, 2, 3]);
    seen.forEach((html, k) => {
      expect(html).toContain('<meta http-equiv="refresh" content="2">');
      expect(html).toContain(`training: epoch ${k + 1} of 3 done`);
      expect(html.trimEnd().endsWith('</html>')).toBe(true);
    });
    expect(readdirSync(dir)).toEqual(['r.html']);
  });
});

/** Serves `file` (read at every request); `onPage(n)` runs after the n-th page is sent. */
async function serve(
  file: string,
  onPage: (n: number) => void,
): Promise<{ url: string; pages: () => number; close: () => void }> {
  let pages = 0;
  const server = http.createServer((req, res) => {
    if (req.url !== '/r.html') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(file));
    onPage(++pages);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/r.html`,
    pages: () => pages,
    close: () => server.close(),
  };
}

describe('live report in headless Chromium', () => {
  const epochs = (n: number): ReportData => ({
    ...syntheticReport(),
    epochs: syntheticReport().epochs.slice(0, n),
    test: undefined,
  });

  it('the page of epoch 2 reloads itself and shows epoch 3 after the file changes; its screenshot has the charts', async (ctx) => {
    if (!CHROMIUM) {
      console.log('skipped: no chromium found (apt-get install chromium; .ci/run installs it)');
      ctx.skip();
      return;
    }
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nnkit-live-chromium-'));
    const file = path.join(dir, 'r.html');
    const live = (n: number) =>
      renderReport({ ...epochs(n), live: { seconds: 1, status: `training: epoch ${n} of 3 done` } });
    // training goes on after the first page is sent: epoch 3 ends the run (the final report does not reload)
    const start = () => writeFileAtomic(file, live(2));
    const next = (n: number) => n === 1 && writeFileAtomic(file, renderReport(epochs(3)));
    start();
    let s = await serve(file, next);
    try {
      const dom = await chromiumAsync(['--virtual-time-budget=5000', '--dump-dom', s.url]);
      expect(s.pages()).toBeGreaterThanOrEqual(2);
      expect(epochRows(dom)).toBe(3);
      expect(dom).not.toContain('id="live-status"');
    } finally {
      s.close();
    }
    start();
    s = await serve(file, next);
    const png = path.join(dir, 'r.png');
    try {
      await chromiumAsync(['--virtual-time-budget=5000', '--window-size=1100,900', `--screenshot=${png}`, s.url]);
    } finally {
      s.close();
    }
    const img = readPng(png);
    expect([img.width, img.height]).toEqual([1100, 900]);
    // the series colours of report/svg.ts: train (blue) and validation (red) curves are drawn
    expect(countColour(img, [0x1f, 0x77, 0xb4])).toBeGreaterThan(300);
    expect(countColour(img, [0xd6, 0x27, 0x28])).toBeGreaterThan(150);
  });

  it('(the PNG decoder counts a 100 × 50 block of one colour as 5000 pixels)', (ctx) => {
    if (!CHROMIUM) return ctx.skip();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nnkit-png-'));
    writeFileSync(
      path.join(dir, 'p.html'),
      '<body style="margin:0;background:#fff"><div style="margin:20px;width:100px;height:50px;background:#1f77b4"></div>',
    );
    chromium(['--window-size=300,200', `--screenshot=${path.join(dir, 'p.png')}`, `file://${dir}/p.html`]);
    const img = readPng(path.join(dir, 'p.png'));
    expect(countColour(img, [0x1f, 0x77, 0xb4], 0)).toBe(5000);
    expect(countColour(img, [255, 255, 255], 0)).toBe(300 * 200 - 5000);
  });
});
