// `nnkit train`: the default run reaches ≥ 97 % on digits, --json puts one object on the last stdout line,
// --save and --report write files that load / render, and bad flags are usage errors (exit 2) naming the flag.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
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
  });

  it('trains from a CSV file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nnkit-cli-'));
    const csv = path.join(dir, 'd.csv');
    const rows = ['a,b,label'];
    for (let i = 0; i < 200; i++) rows.push(`${(i % 2) * 2 + Math.sin(i)},${Math.cos(i)},${i % 2}`);
    require('node:fs').writeFileSync(csv, rows.join('\n'));
    const r = await run(['train', '--data', csv, '--epochs', '5', '--layers', '8', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!).testAccuracy).toBeGreaterThan(0.9);
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
