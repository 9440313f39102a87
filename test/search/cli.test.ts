// `nnkit search` end to end in this process (--workers 0 runs trials in-process): the table sorted by validation
// accuracy, the winner as a `nnkit train` command, the --json shape, the --report scatter, and usage errors.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli';
import { parseStages } from '../../src/cli/search';
import { freePort } from './harness';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '',
    err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out += s;
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err += s;
    return true;
  });
  try {
    const code = await main(['search', ...args]);
    return { code, out, err };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('nnkit search', () => {
  afterEach(() => vi.restoreAllMocks());
  const tiny = [
    '--data',
    'digits',
    '--workers',
    '0',
    '--space',
    '{"lr":["log",1e-3,0.3],"hidden":["int",8,32],"depth":1}',
  ];

  it('prints progress, a table best first, and the winner as a ready nnkit train command', async () => {
    const { code, out, err } = await run([...tiny, '--trials', '5', '--epochs', '2', '--seed', '3']);
    expect(code).toBe(0);
    expect(err).toMatch(/stage 1\/1 {2}5\/5 done {2}0 running {2}\d+ aborted {2}best 0\.\d{4} \(lr /);
    const rows = out.split('\n').filter((l) => /^\d+ +s1-\d/.test(l));
    expect(rows).toHaveLength(5);
    const accs = rows
      .map((r) => r.split(/ +/)[3])
      .filter((a) => a !== '-')
      .map(Number);
    expect(accs).toEqual([...accs].sort((a, b) => b - a));
    expect(out).toMatch(/best: validation accuracy 0\.\d{4} \(s1-\d: lr [\d.e-]+, hidden \d+, depth 1\)/);
    expect(out).toMatch(
      /\n {2}nnkit train --data digits --layers \d+ --activation relu --bn --init he --optimizer sgd --lr [\d.e-]+ --momentum 0\.9 --weight-decay 0\.0005 --schedule cosine --epochs 2 --batch-size 32 --seed \d+\n/,
    );
  });

  it('--json: { trials: [{ id, config, status, valAccuracy, epochs, seconds }], best: { config, valAccuracy } }; --report: the scatter', async () => {
    const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nnkit-search-report-')), 'search.html');
    const { code, out } = await run([
      ...tiny,
      '--space',
      '{"lr":["log",1e-3,0.3],"weightDecay":["log",1e-6,1e-2],"hidden":16}',
      '--stages',
      '4x1,2x2/2',
      '--json',
      '--report',
      report,
    ]);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.trials).toHaveLength(6);
    for (const t of json.trials)
      expect(Object.keys(t)).toEqual(['id', 'config', 'status', 'valAccuracy', 'epochs', 'seconds']);
    const best = json.trials
      .filter((t: { status: string }) => t.status === 'ok')
      .sort((a: { valAccuracy: number }, b: { valAccuracy: number }) => b.valAccuracy - a.valAccuracy)[0];
    expect(json.best).toEqual({ config: best.config, valAccuracy: best.valAccuracy });
    const html = fs.readFileSync(report, 'utf8');
    expect(html).toContain('data-chart="validation accuracy vs lr"');
    expect(html).toMatch(/data-chart="lr × weightDecay, colour = validation accuracy[^"]*" data-points="6"/);
    expect(html).toContain('lr (log)');
    expect(html).toContain('weightDecay (log)');
  });

  it('usage errors name the flag and exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--data', 'mnist'], /--data must be digits, fashion-mnist or a \.csv file, got "mnist"/],
      [['--space', '{"lr":["log",0,1]}'], /--space: space\.lr: logUniform: lo must be > 0/],
      [['--space', '{"learningRate":["log",0.1,1]}'], /--space: config: unknown hyperparameter 'learningRate'/],
      [['--stages', '10x', '--workers', '0'], /--stages: stage 1 '10x' must look like 40x2/],
      [['--stages', '10x2', '--trials', '5'], /give --trials\/--epochs \(one stage\) or --stages/],
      [['--trials', '0'], /--trials must be a whole number ≥ 1, got '0'/],
      [['--redis', 'localhost:6379'], /--redis must be a Redis URL like redis:\/\/127\.0\.0\.1:6379/],
      [['--strategy', 'bayes'], /--strategy must be random or grid/],
    ];
    for (const [args, re] of cases) {
      const { code, err } = await run(args);
      expect(err).toMatch(re);
      expect(code).toBe(2);
    }
  });

  it('an unreachable Redis is a clear error within seconds, not endless retries', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`; // nothing listens there
    const t0 = Date.now();
    const { code, err } = await run(['--data', 'digits', '--trials', '2', '--epochs', '1', '--redis', url]);
    expect(err).toMatch(
      new RegExp(`cannot reach Redis at ${url} \\(connect ECONNREFUSED .*\\): is redis-server running there\\?`),
    );
    expect(code).toBe(1);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('--help prints the search usage', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^usage: nnkit search --data digits\|fashion-mnist\|<file\.csv>/);
    expect(out).toContain('--stages  trials x epochs');
  });

  it('parseStages reads trials x epochs, @subsample and /top-k', () => {
    expect(parseStages('40x2@0.3,10x8/5')).toEqual([
      { trials: 40, epochs: 2, subsample: 0.3 },
      { trials: 10, epochs: 8, topK: 5 },
    ]);
  });
});
