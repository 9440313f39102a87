// `nnkit train`: the default run reaches ≥ 97 % on digits, --json puts one object on the last stdout line,
// --save and --report write files that load / render, and bad flags are usage errors (exit 2) naming the flag.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli';
import { loadDigits } from '../../src/data';
import { loadModel } from '../../src/io/load';

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '',
    stderr = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    stdout += String(s);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    stderr += String(s);
    return true;
  });
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('nnkit train', () => {
  it('defaults: digits, standardized BN-ReLU MLP, ≥ 97 % test accuracy; --json last line; --save loads back', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nnkit-cli-'));
    const model = path.join(dir, 'digits.nnkit');
    const r = await run(['train', '--json', '--save', model]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const out = JSON.parse(lines[lines.length - 1]);
    expect(out).toMatchObject({ dataset: 'digits', epochs: 20, findings: [] });
    expect(['native', 'js']).toContain(out.backend);
    expect(out.testAccuracy).toBeGreaterThanOrEqual(0.97);
    expect(out.testLoss).toBeGreaterThan(0);
    expect(out.trainSamplesPerSec).toBeGreaterThan(0);
    expect(out.history).toHaveLength(20);
    expect(r.stderr).toMatch(/test accuracy \d+\.\d+ %/);
    const again = await loadModel(model);
    const { test } = await loadDigits();
    expect((await again.evaluate(test)).accuracy).toBeCloseTo(out.testAccuracy, 9);
  });

  it('writes a report with the charts and plain progress lines when stdout is not a TTY', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nnkit-cli-'));
    const report = path.join(dir, 'r.html');
    const r = await run([
      'train',
      '--epochs',
      '2',
      '--layers',
      '32',
      '--activation',
      'tanh',
      '--optimizer',
      'adam',
      '--report',
      report,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^epoch 1\/2 {2}loss/m);
    expect(r.stdout).not.toContain('\r');
    const html = readFileSync(report, 'utf8');
    for (const t of [
      'Loss per epoch',
      'Loss per batch',
      'Learning rate',
      'Update/weight ratio per layer',
      'Activations: 2: Tanh',
    ]) {
      expect(html).toContain(`data-chart="${t}"`);
    }
    expect(html).not.toMatch(/data-points="0"/);
    // the model summary: Dense(64→32) 64·32 (no bias: a BatchNorm follows), BatchNorm(32) γ, β, Dense(32→10) 32·10 + 10
    expect(html).toMatch(/<tr><td>Dense\(64→32\)<\/td><td>2048<\/td><\/tr>/);
    expect(html).toMatch(/<tr><th>total<\/th><th>2442<\/th><\/tr>/);
    expect(html).not.toContain('http-equiv="refresh"');
  });

  it("trains on a user's CSV with the defaults: R-style quoting, string labels, dates, yes/no, blanks; saves the preprocessing", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nnkit-cli-'));
    const csv = path.join(dir, 'fruit.csv');
    const rows = ['"","weight","color","ripe","picked","fruit"'];
    for (let i = 0; i < 300; i++) {
      const weight = 100 + ((i * 37) % 200);
      const color = ['red', 'green', 'yellow'][i % 3];
      const fruit = color === 'yellow' ? 'banana' : weight > 200 ? 'apple' : 'plum';
      const day = String(1 + (i % 28)).padStart(2, '0');
      rows.push(
        `"${i + 1}",${i % 17 === 0 ? 'NA' : weight},"${color}","${i % 2 ? 'yes' : 'no'}","2024-03-${day}","${fruit}"`,
      );
    }
    writeFileSync(csv, rows.join('\r\n'));
    const model = path.join(dir, 'fruit.nnkit');
    const report = path.join(dir, 'fruit.html');
    const r = await run(['train', '--data', csv, '--label', 'fruit', '--save', model, '--report', report, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(out.task).toBe('classification');
    expect(out.classes).toEqual(['apple', 'banana', 'plum']);
    expect(Object.fromEntries(out.schema.map((c: { name: string; kind: string }) => [c.name, c.kind]))).toEqual({
      'column 1': 'ignore',
      weight: 'numeric',
      color: 'categorical',
      ripe: 'boolean',
      picked: 'date',
    });
    expect(out.testAccuracy).toBeGreaterThan(0.85);
    expect(out.confusion.flat().reduce((a: number, v: number) => a + v, 0)).toBe(out.split.test);
    expect(r.stderr).toMatch(/precision +recall +F1 +support/);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('data-chart="Confusion matrix"');
    expect(html).toMatch(/<p id="test-metrics">accuracy 0\.\d+, log loss/);
    const loaded = await loadModel(model);
    const [p] = await loaded.predictRows([{ weight: 260, color: 'red', ripe: 'no', picked: '2024-05-01' }]);
    expect(p).toMatchObject({ label: 'apple' });
    // nnkit predict: raw rows (with unseen and missing values) in, a label and probabilities per row out
    const ask = path.join(dir, 'ask.csv');
    writeFileSync(ask, 'weight,color,ripe,picked\n260,"red",no,2024-05-01\n,purple,yes,\n');
    const labels = await run(['predict', model, '--data', ask]);
    expect(labels.code, labels.stderr).toBe(0);
    expect(labels.stdout.trim().split('\n')).toEqual([
      'label',
      'apple',
      expect.stringMatching(/^(apple|banana|plum)$/),
    ]);
    const pr = await run(['predict', model, '--data', ask, '--proba']);
    expect(pr.code, pr.stderr).toBe(0);
    const lines = pr.stdout.trim().split('\n');
    expect(lines[0]).toBe('label,p(apple),p(banana),p(plum)');
    expect(lines.length).toBe(3);
    expect(lines[1]).toMatch(/^apple,/);
    const probs = lines[2].split(',').slice(1).map(Number);
    expect(probs.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 4);
    const pj = await run(['predict', model, '--data', ask, '--json']);
    expect(JSON.parse(pj.stdout.split('\n')[0])).toEqual({ label: 'apple' });
    const pjp = await run(['predict', model, '--data', ask, '--json', '--proba']);
    const first = JSON.parse(pjp.stdout.split('\n')[0]);
    expect(first.label).toBe('apple');
    expect(Object.keys(first.probabilities)).toEqual(['apple', 'banana', 'plum']);
    expect(first.probabilities.apple).toBeCloseTo(Number(lines[1].split(',')[1]), 5);
  });

  it('regression on a table: R², MAE and RMSE in the label units, per epoch and at the end', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nnkit-cli-'));
    const file = path.join(dir, 'houses.jsonl');
    const lines: string[] = [];
    for (let i = 0; i < 300; i++) {
      const rooms = 1 + (i % 6);
      const area = 30 + ((i * 53) % 170);
      lines.push(
        JSON.stringify({
          rooms,
          area,
          city: i % 2 ? 'north' : 'south',
          price: 150 + 2.5 * area + 20 * rooms + (i % 2 ? 60 : 0),
        }),
      );
    }
    writeFileSync(file, lines.join('\n'));
    const report = path.join(dir, 'houses.html');
    const saved = path.join(dir, 'houses.nnkit');
    const r = await run(['train', '--data', file, '--label', 'price', '--report', report, '--save', saved, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(out.task).toBe('regression');
    const values = await run(['predict', saved, '--data', file]);
    expect(values.stdout.split('\n')[0]).toBe('value');
    const proba = await run(['predict', saved, '--data', file, '--proba']);
    expect(proba.code).toBe(2);
    expect(proba.stderr).toMatch(/--proba: .*houses\.nnkit predicts values \(regression\), not classes/);
    expect(out.testR2).toBeGreaterThan(0.95);
    expect(out.testMAE).toBeGreaterThan(0);
    expect(out.testRMSE).toBeGreaterThanOrEqual(out.testMAE);
    expect(out.history[0].valR2).toBeTypeOf('number');
    expect(r.stderr).toMatch(/val R² -?\d\.\d{3} +MAE/);
    expect(r.stderr).toMatch(/test R² \d\.\d{4} +MAE/);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('data-chart="Validation R² per epoch"');
    expect(html).toMatch(/<p id="test-metrics">R² 0\.\d+, MAE/);
    // the final report: predicted vs actual and residuals on the test rows, and no more reloading
    expect(html).toMatch(
      new RegExp(`data-chart="Predicted vs actual \\(test rows\\)" data-points="${out.split.test}"`),
    );
    expect(html).toContain('data-chart="Residuals vs predicted (test rows)"');
    expect(html).not.toContain('http-equiv="refresh"');
  });

  it('table errors name the file, line and column', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nnkit-cli-'));
    const csv = path.join(dir, 'bad.csv');
    writeFileSync(csv, 'a,b,y\n1,2,x\n3,4\n');
    let r = await run(['train', '--data', csv]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad.csv:3: expected 3 fields as in the header, got 2/);
    writeFileSync(csv, 'a,b,y\n1,2,x\n3,4,z\n');
    r = await run(['train', '--data', csv, '--label', 'price']);
    expect(r.stderr).toMatch(/label "price" is not a column of .*bad.csv \(columns: "a", "b", "y"\)/);
    r = await run(['train', '--data', csv, '--columns', '{"a":"text"}']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /--columns: "a" has kind "text"; expected one of numeric, categorical, boolean, date, ignore/,
    );
    r = await run(['train', '--data', csv, '--class-weight', 'heavy']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--class-weight must be balanced or a JSON object of class → weight ≥ 0, got "heavy"/);
  });

  it('bad flags and values: usage error naming the flag, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--epochs', '0'], /--epochs must be a whole number in 1..1000000, got "0"/],
      [['--lr', 'fast'], /--lr must be a number > 0, got "fast"/],
      [
        ['--activation', 'swish'],
        /--activation must be one of relu, sigmoid, tanh, leaky-relu, prelu, elu, maxout, got "swish"/,
      ],
      [['--optimizer', 'lbfgs'], /--optimizer must be one of sgd, adam, rmsprop/],
      [['--layers', '512,abc'], /--layers must be comma-separated whole numbers/],
      [['--init', 'magic'], /--init must be one of .*he/],
      [['--schedule', 'zigzag'], /--schedule must be one of constant, step/],
      [['--data', 'mnist.bin'], /--data must be digits, fashion-mnist or a .csv file/],
      [['--dropout', '1'], /--dropout must be a number in \[0, 1\)/],
      [['--bogus'], /Unknown option '--bogus'/],
      [['--bn', '--no-bn'], /--bn and --no-bn contradict/],
    ];
    for (const [args, message] of cases) {
      const r = await run(['train', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain('usage: nnkit');
    }
  });

  it('a missing Fashion-MNIST directory is a clear error (exit 1) saying where it looked', async () => {
    const r = await run(['train', '--data', 'fashion-mnist', '--data-dir', '/nonexistent/fm']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Fashion-MNIST not found\. Looked in: \/nonexistent\/fm/);
    expect(existsSync('/nonexistent/fm')).toBe(false);
  });
});
