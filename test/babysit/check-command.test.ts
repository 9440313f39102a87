// `nnkit check`: registered in the CLI, the human report, the --json shape the issue fixes, the exit code as a
// CI gate, and bad flags as usage errors (exit 2).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import { setBackend } from '../../src/backend';
import { main } from '../../src/cli';
import { FINDING_IDS } from '../../src/babysit/findings';
import { describeEachBackend } from '../helpers/backends';
import { mlp } from './model-faults';
import { Model } from '../../src/model';
import { loadDigits } from '../../src/data/digits';
import { standardize } from '../../src/data/preprocess';

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
    const code = await main(argv);
    return { code, out, err };
  } finally {
    vi.restoreAllMocks();
  }
}

describeEachBackend('nnkit check', (b) => {
  beforeAll(() => {
    setBackend(b.name);
  });
  afterEach(() => vi.restoreAllMocks());

  it('--json prints { checks: {init-loss, regularization, gradcheck, overfit-tiny, activations}, findings }', async () => {
    const { code, out } = await run(['check', '--json', '--layers', '32']);
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(Object.keys(r.checks)).toEqual(['init-loss', 'regularization', 'gradcheck', 'overfit-tiny', 'activations']);
    expect(r.checks['init-loss']).toMatchObject({ passed: true, expected: Math.log(10) });
    expect(r.findings).toEqual([]);
  });

  it('prints one line per check; a zero-initialized model fails with exit code 1 and says why', async () => {
    const ok = await run(['check', '--layers', '32']);
    expect(ok.out).toMatch(/✓ init-loss +2\.\d+, expected about 2\.30/);
    expect(ok.out).toMatch(/✓ overfit-tiny +20 samples memorized/);
    const bad = await run(['check', '--layers', '16', '--no-bn', '--init', 'zeros', '--json']);
    expect(bad.code).toBe(1);
    const r = JSON.parse(bad.out);
    expect(r.findings.map((f: { id: string }) => f.id)).toContain('symmetric-init');
    for (const f of r.findings) {
      expect(FINDING_IDS).toContain(f.id);
      expect(Object.keys(f)).toEqual(['id', 'severity', 'message', 'values', 'suggestion']);
    }
  });

  it('checks a saved model file with its saved preprocessing; without it, the raw pixels make the loss too high', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nnkit-check-'));
    const { train } = await loadDigits();
    const model = new Model(mlp([16], 'relu', 'he').layers);
    await model.save(path.join(dir, 'raw.nnkit'));
    model.preprocessing = standardize().fit(train.x);
    await model.save(path.join(dir, 'standardized.nnkit'));
    const good = await run(['check', '--model', path.join(dir, 'standardized.nnkit')]);
    expect(good.code).toBe(0);
    expect(good.out).toMatch(/Dense\(64→16\)/);
    const raw = JSON.parse((await run(['check', '--model', path.join(dir, 'raw.nnkit'), '--json'])).out);
    expect(raw.findings.find((f: { id: string }) => f.id === 'init-loss').message).toMatch(/too large/);
  });

  it('bad flags are usage errors naming the flag (exit 2)', async () => {
    expect((await run(['check', '--activation', 'swish'])).err).toMatch(
      /--activation must be one of relu, sigmoid, tanh/,
    );
    expect((await run(['check', '--data', 'nope'])).code).toBe(2);
    expect((await run(['check', '--layers', '0'])).err).toMatch(/--layers must list whole numbers ≥ 1/);
  });
});
