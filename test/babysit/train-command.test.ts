// The babysitter inside `nnkit train`: live finding lines, --json findings, the HTML report's findings, --lr auto.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import { setBackend } from '../../src/backend';
import { main } from '../../src/cli';
import { describeEachBackend } from '../helpers/backends';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '',
    err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out += String(s);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err += String(s);
    return true;
  });
  try {
    return { code: await main(argv), out, err };
  } finally {
    vi.restoreAllMocks();
  }
}
const lastJson = (out: string) => JSON.parse(out.trim().split('\n').at(-1)!);

describeEachBackend('nnkit train with the babysitter', (b) => {
  beforeAll(() => {
    setBackend(b.name);
  });
  afterEach(() => vi.restoreAllMocks());

  it('the default run: no warn/error finding in --json, exit 0', async () => {
    const { out, code } = await run(['train', '--epochs', '3', '--layers', '64', '--json']);
    expect(code).toBe(0);
    const r = lastJson(out);
    expect(r.findings.filter((f: { severity: string }) => f.severity !== 'info')).toEqual([]);
    expect(r.testAccuracy).toBeGreaterThan(0.9);
  });

  it('--lr 10: stops early, prints the finding live, lists it in --json and exits 1', async () => {
    const { out, err, code } = await run(['train', '--epochs', '2', '--layers', '64', '--lr', '10', '--json']);
    expect(code).toBe(1); // a CI job or a scheduler sees the failed run
    expect(err).toMatch(
      /error (loss-explosion|nan-loss): .*the learning rate 10 is too high; try 1e-2 or run with --lr auto/,
    );
    const r = lastJson(out);
    expect(r.stopped).toBe(true);
    expect(r.findings.map((f: { id: string }) => f.id)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(loss-explosion|nan-loss)$/)]),
    );
  });

  it('--lr auto runs the range test, trains with its suggestion and plots the curve in the report', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'nnkit-train-lr-')), 'r.html');
    const { out, err } = await run([
      'train',
      '--epochs',
      '3',
      '--layers',
      '64',
      '--lr',
      'auto',
      '--json',
      '--report',
      file,
    ]);
    expect(err).toMatch(/--lr auto: range test over \d+ steps .* → lr /);
    const r = lastJson(out);
    expect(r.lrFinder.suggested).toBeGreaterThan(1e-3);
    expect(r.lrFinder.suggested).toBeLessThan(1);
    expect(r.testAccuracy).toBeGreaterThan(0.9);
    const points = Number(
      /data-chart="Learning-rate range test" data-points="(\d+)"/.exec(readFileSync(file, 'utf8'))![1],
    );
    expect(points).toBe(r.lrFinder.lrs.length + 2); // the curve and the two ends of the suggestion marker
  });

  it('--report: the findings section names the finding', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'nnkit-train-babysit-')), 'r.html');
    await run(['train', '--epochs', '1', '--layers', '32', '--init', 'zeros', '--report', file]);
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/<h2>Findings<\/h2><ul><li>error symmetric-init: units are identical/);
  });

  it('--lr must be a number or auto (the usage text says so)', async () => {
    const { err, code } = await run(['train', '--lr', 'fast']);
    expect(code).toBe(2);
    expect(err).toMatch(/--lr must be a number > 0, got "fast"/);
    expect((await run(['train', '--help'])).out).toMatch(/--lr <x>\|auto/);
  });
});
