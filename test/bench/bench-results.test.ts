// scripts/bench-results.js: bench/RESULTS.md is rendered from --json reports (never by hand). Checks the machine,
// command, versions, figures and ratios reach the file, and that bench/run.js's merged output is split per benchmark.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
const { render, splitByBench } = require('../../scripts/bench-results.js');

const machine = {
  cpu: 'Test CPU 9000',
  cores: 2,
  memoryGiB: 8,
  platform: 'linux-x64',
  node: 'v20.0.0',
  loadavg: [1, 2, 3],
  date: 'D',
};
const compare = {
  bench: 'compare-train',
  machine: { ...machine, loadavgAfter: [4, 5, 6] },
  command: 'node bench/compare-train.js --json',
  versions: { nnkit: '0.1.0', PyTorch: '1.13' },
  results: [
    { name: 'train nnkit-native-1t', value: 30000, unit: 'samples/s', peer: null, ratio: null, min: 29000, max: 31000 },
    { name: 'train nnkit-native-1t', value: 30000, unit: 'samples/s', peer: 'torch-1t', ratio: 1.5 },
  ],
  targets: [{ metric: 'train', runner: 'nnkit-native-1t', peer: 'torch-1t', want: 1.5, ratio: 1.5, met: true }],
  notes: ['tfjs-wasm skipped: TF.js not installed'],
};

describe('bench-results', () => {
  it('renders machine, command, versions, figures, ratios, targets and notes', () => {
    const md = render([compare], '`run.json`');
    expect(md).toMatch(/do not edit by hand/);
    expect(md).toMatch(/Machine: Test CPU 9000, 2 cores, 8 GiB, linux-x64, Node v20.0.0/);
    expect(md).toMatch(/Command: `node bench\/compare-train.js --json`/);
    expect(md).toMatch(/Versions: nnkit 0.1.0, PyTorch 1.13/);
    expect(md).toMatch(/Load average .* 1\.00\/2\.00\/3\.00 at the start, 4\.00\/5\.00\/6\.00 at the end/);
    expect(md).toContain('| train nnkit-native-1t | 30000 | samples/s | 29000–31000 |');
    expect(md).toContain('| train nnkit-native-1t | 30000 | samples/s | torch-1t | 1.50x |');
    expect(md).toMatch(/target train nnkit-native-1t \/ torch-1t ≥ 1.5x: \*\*1.50x\*\*, met/);
    expect(md).toMatch(/note: tfjs-wasm skipped/);
  });

  it('warns when the machine was overloaded (load above its core count)', () => {
    expect(render([compare], 'x')).not.toMatch(/Overloaded/);
    const busy = { ...compare, machine: { ...compare.machine, loadavg: [9.5, 8, 7] } };
    expect(render([busy], 'x')).toMatch(/\*\*Overloaded machine\*\*: load 9.50 on 2 cores/);
  });

  it('splits bench/run.js --json output into one report per benchmark', () => {
    const merged = {
      machine,
      results: [
        { bench: 'gemm', name: 'a', value: 1, unit: 'GFLOP/s', peer: null, ratio: null },
        { bench: 'batchnorm', name: 'b', value: 2, unit: 'GB/s', peer: null, ratio: null },
        { bench: 'gemm', name: 'c', value: 3, unit: 'GFLOP/s', peer: 'OpenBLAS', ratio: 0.5 },
      ],
    };
    const parts = splitByBench(merged);
    expect(parts.map((p: { bench: string }) => p.bench)).toEqual(['gemm', 'batchnorm']);
    expect(parts[0].results.map((r: { name: string }) => r.name)).toEqual(['a', 'c']);
    expect(splitByBench(compare)).toEqual([compare]);
  });

  it('writes the file from saved runs and refuses a file that is not a --json report', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nnkit-bench-results-'));
    const script = path.join(__dirname, '..', '..', 'scripts', 'bench-results.js');
    writeFileSync(path.join(dir, 'run.json'), 'progress line\n' + JSON.stringify(compare) + '\n');
    execFileSync(process.execPath, [script, path.join(dir, 'run.json'), '--out', path.join(dir, 'R.md')], {
      stdio: 'pipe',
    });
    expect(readFileSync(path.join(dir, 'R.md'), 'utf8')).toMatch(/## compare-train/);
    writeFileSync(path.join(dir, 'saved.json'), JSON.stringify([compare, { ...compare, bench: 'again' }]) + '\n');
    execFileSync(process.execPath, [script, path.join(dir, 'saved.json'), '--out', path.join(dir, 'S.md')], {
      stdio: 'pipe',
    });
    expect(readFileSync(path.join(dir, 'S.md'), 'utf8')).toMatch(/## compare-train[^]*## again/);
    writeFileSync(path.join(dir, 'bad.json'), '{"machine":{}}\n');
    expect(() =>
      execFileSync(process.execPath, [script, path.join(dir, 'bad.json'), '--out', path.join(dir, 'B.md')], {
        stdio: 'pipe',
      }),
    ).toThrow(/no "results" array/);
  });
});
