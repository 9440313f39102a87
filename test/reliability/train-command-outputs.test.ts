// Issue #21 items 2 and 11 at the command line: a diverged run does not replace a good model (exit 1, the old file
// untouched, --save-anyway to override), output paths are checked before training, and number flags are decimal
// and bounded (--lr 0x10, --epochs 99999999999999999999, --threads 10000, --stages 1x1/0 are usage errors: exit 2).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import { setBackend } from '../../src/backend';
import { main } from '../../src/cli';
import { loadModel } from '../../src/io/load';
import { describeEachBackend } from '../helpers/backends';

async function run(argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const capture = (s: unknown) => {
    out += String(s);
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    return { code: await main(argv), out };
  } finally {
    vi.restoreAllMocks();
  }
}
const tmp = () => mkdtempSync(path.join(tmpdir(), 'nnkit-train-out-'));
const quick = ['train', '--epochs', '1', '--layers', '16'];

describeEachBackend('nnkit train outputs', (b) => {
  beforeAll(() => {
    setBackend(b.name);
  });
  afterEach(() => vi.restoreAllMocks());

  it('--lr 1e30 does not replace a good model: exit 1, old file untouched, says why', async () => {
    const file = path.join(tmp(), 'm.nnkit');
    expect((await run([...quick, '--save', file])).code).toBe(0);
    const good = readFileSync(file);
    const r = await run(['train', '--lr', '1e30', '--epochs', '2', '--layers', '16', '--save', file]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/not saving .*m\.nnkit: training failed: .*--save-anyway/);
    expect(r.out).not.toMatch(/saved model to/);
    expect(readFileSync(file).equals(good)).toBe(true);
    await loadModel(file);
  });

  it('--save-anyway writes a failed run whose weights are finite, still exit 1', async () => {
    const file = path.join(tmp(), 'm.nnkit');
    // lr 10 with SGD: the loss explodes and the babysitter stops the run within the first steps
    const r = await run(['train', '--lr', '10', '--epochs', '2', '--layers', '16', '--save', file, '--save-anyway']);
    expect(r.code).toBe(1);
    if (/saved model to/.test(r.out)) await loadModel(file);
    else expect(r.out).toMatch(/save: array .* is (NaN|-?Infinity)/); // diverged to NaN: refused all the same
  });

  it('--save and --report paths are checked before training', async () => {
    const d = tmp();
    mkdirSync(path.join(d, 'adir'));
    writeFileSync(path.join(d, 'afile'), '');
    const cases: [string[], RegExp][] = [
      [['--save', path.join(d, 'missing', 'm.nnkit')], /--save .*: the directory .*missing does not exist/],
      [['--report', path.join(d, 'adir')], /--report .*adir: is a directory/],
      [['--save', path.join(d, 'afile', 'm.nnkit')], /--save .*: .*afile is not a directory/],
    ];
    for (const [flags, message] of cases) {
      const r = await run([...quick, ...flags]);
      expect(r.code, r.out).toBe(2);
      expect(r.out).toMatch(message);
      expect(r.out).not.toMatch(/epoch 1\/1/); // nothing trained
    }
  });
});

it('number flags are decimal, exact and bounded (exit 2 before any work)', async () => {
  const cases: [string[], RegExp][] = [
    [['train', '--lr', '0x10'], /--lr must be a number > 0, got "0x10"/],
    [['train', '--epochs', '99999999999999999999'], /--epochs must be a whole number in 1\.\.1000000/],
    [['train', '--threads', '10000'], /--threads must be a whole number in 1\.\.256, got "10000"/],
    [['train', '--layers', '0x20'], /--layers must be comma-separated whole numbers/],
    [['search', '--stages', '1x1/0'], /--stages: stage 1 needs trials, epochs and top-k ≥ 1/],
    [['search', '--seed', '0x1'], /--seed must be a whole number/],
  ];
  for (const [argv, message] of cases) {
    const r = await run(argv);
    expect(r.code, argv.join(' ')).toBe(2);
    expect(r.out).toMatch(message);
  }
});
