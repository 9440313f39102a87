// nnkit compare: runs from `nnkit train --json` and a saved fit history, overlaid per chart (one series per run,
// as many points as the run has epochs), with a table of final figures read back against the input files; files
// without a history are refused naming the file.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { SGD } from '../../src/optim';
import { describeEachBackend } from '../helpers/backends';
import { runCli } from '../helpers/run-cli';
import { blobs, mlp } from '../train/fixtures';

describeEachBackend('nnkit compare', (b) => {
  let dir: string;
  const last = (file: string) => JSON.parse(readFileSync(file, 'utf8').trim().split('\n').pop()!);
  beforeAll(async () => {
    setBackend(b.name);
    dir = mkdtempSync(path.join(tmpdir(), 'nnkit-compare-'));
    for (const [name, lr] of [
      ['fast', '0.1'],
      ['slow', '0.001'],
    ]) {
      const r = await runCli(['train', '--epochs', '2', '--layers', '8', '--lr', lr, '--json']);
      expect(r.code, r.err).toBe(0);
      writeFileSync(path.join(dir, `${name}.json`), r.out);
    }
    const history = await mlp().fit(blobs(60, 1), {
      epochs: 3,
      batchSize: 20,
      optimizer: new SGD({ lr: 0.1 }),
      validation: blobs(30, 2),
    });
    writeFileSync(path.join(dir, 'blobs.json'), JSON.stringify(history));
  }, 120_000);

  it('overlays every run on the same axes and tabulates their final figures', async () => {
    const out = path.join(dir, 'c.html');
    const files = ['fast', 'slow', 'blobs'].map((n) => path.join(dir, `${n}.json`));
    const r = await runCli(['compare', ...files, '--out', out, '--json']);
    expect(r.code, r.err).toBe(0);
    const html = readFileSync(out, 'utf8');
    const fig = (t: string) => html.match(new RegExp(`<figure class="chart" data-chart="${t}".*?</figure>`, 's'))![0];
    const loss = fig('Training loss per epoch');
    expect(loss).toContain('data-points="7"'); // 2 + 2 + 3 epochs
    expect([...loss.matchAll(/data-series="([^"]+)" data-n="(\d+)"/g)].map((m) => [m[1], Number(m[2])])).toEqual([
      ['fast', 2],
      ['slow', 2],
      ['blobs', 3],
    ]);
    expect(fig('Validation accuracy per epoch')).toContain('data-points="7"');
    const fast = last(files[0]),
      blobsRun = JSON.parse(readFileSync(files[2], 'utf8'));
    const rows = JSON.parse(r.out).runs;
    expect(rows.map((x: { run: string }) => x.run)).toEqual(['fast', 'slow', 'blobs']);
    expect(Number(rows[0]['train loss'])).toBeCloseTo(fast.history[1].trainLoss, 3);
    expect(Number(rows[0].testAccuracy)).toBeCloseTo(fast.testAccuracy, 3);
    expect(Number(rows[2]['val loss'])).toBeCloseTo(blobsRun.epochs[2].valLoss, 3);
    expect(rows[2].epochs).toBe('3');
    expect(html).not.toMatch(/<script|src=|href=/i);
    const text = await runCli(['compare', ...files, '--out', out]);
    expect(text.out).toMatch(/^run +epochs +train loss/);
    expect(text.out).toMatch(/wrote .*c\.html\n$/);
  });

  it('refuses a file without a history, naming it (exit 1), and no files (exit 2)', async () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"loss": 1}\n');
    const r = await runCli(['compare', bad, '--out', path.join(dir, 'x.html')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.json: no training history/);
    expect((await runCli(['compare'])).code).toBe(2);
  });
});
