// bench/compare-train.js summary logic and the shared timing protocol (bench/peers/measure.js), on made-up runner
// outputs: medians, ratios nnkit / peer, targets, notes for failed or non-learning runners. No timing is asserted.
// Tooling, not a kernel: runs once, not per backend.
import { describe, expect, it } from 'vitest';
const { summarize, median } = require('../../bench/compare-train.js');
const { measure, parseRunnerArgs } = require('../../bench/peers/measure.js');

const runner = (id: string, library: string, threads = 1) => ({ id, library, threads });
const line = (train: number, infer: number, extra: object = {}) => ({
  version: '1.0',
  train: { samplesPerSec: train },
  infer: { samplesPerSec: infer },
  loss: { first: 2.3, last: 0.5 },
  ...extra,
});

describe('compare-train summary', () => {
  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('reports medians over rounds and ratios nnkit / peer at the same thread budget', () => {
    const active = [
      runner('nnkit-native-1t', 'nnkit'),
      runner('torch-1t', 'PyTorch'),
      runner('tfjs-wasm', 'TensorFlow.js'),
    ];
    const runs = {
      'nnkit-native-1t': [line(3000, 9000), line(1000, 7000), line(2000, 8000)],
      'torch-1t': [line(1000, 4000, { best: { torchThreads: 1, blasThreads: 1, core: 'SkylakeX' } })],
      'tfjs-wasm': [line(40, 400)],
    };
    const notes: string[] = [];
    const s = summarize(active, runs, notes);
    const own = s.results.find(
      (r: { runner: string; metric: string; peer: null }) =>
        r.runner === 'nnkit-native-1t' && r.metric === 'train' && r.peer === null,
    );
    expect(own).toMatchObject({ value: 2000, min: 1000, max: 3000, unit: 'samples/s', ratio: null, rounds: 3 });
    const vsTorch = s.results.find(
      (r: { runner: string; metric: string; peer: string }) =>
        r.runner === 'nnkit-native-1t' && r.metric === 'infer' && r.peer === 'torch-1t',
    );
    expect(vsTorch.ratio).toBeCloseTo(8000 / 4000, 12);
    const t = s.targets.find((x: { metric: string; peer: string }) => x.metric === 'train' && x.peer === 'torch-1t');
    expect(t).toMatchObject({ want: 1.5, ratio: 2, met: true });
    expect(s.targets.find((x: { peer: string }) => x.peer === 'tfjs-wasm')).toMatchObject({
      want: 50,
      ratio: 50,
      met: true,
    });
    expect(s.versions).toEqual({ nnkit: '1.0', PyTorch: '1.0', 'TensorFlow.js': '1.0' });
    expect(s.torchBest).toEqual({ 'torch-1t': { torchThreads: 1, blasThreads: 1, core: 'SkylakeX' } });
    expect(notes).toEqual([]);
  });

  it('turns a runner that failed every round, or whose loss did not fall, into a note and no ratio', () => {
    const active = [
      runner('nnkit-js', 'nnkit'),
      runner('tfjs-wasm', 'TensorFlow.js'),
      runner('tfjs-cpu', 'TensorFlow.js'),
    ];
    const runs = {
      'nnkit-js': [line(100, 300)],
      'tfjs-wasm': [{ error: 'exit 1: Cannot find module' }],
      'tfjs-cpu': [{ ...line(10, 30), loss: { first: 2.3, last: NaN } }],
    };
    const notes: string[] = [];
    const s = summarize(active, runs, notes);
    expect(notes[0]).toMatch(/tfjs-wasm failed: exit 1: Cannot find module/);
    expect(notes[1]).toMatch(/tfjs-cpu: loss did not go down/);
    expect(s.results.some((r: { peer: string }) => r.peer === 'tfjs-wasm')).toBe(false);
    expect(s.targets).toEqual([]);
  });
});

describe('timing protocol (bench/peers/measure.js)', () => {
  const recipe = { batch: 128, warmupSteps: 4, warmupSeconds: 100, minSteps: 3, maxSteps: 7, seconds: 100 };

  it('warms up, then stops at maxSteps; samples/s = steps · batch / seconds', async () => {
    const calls: number[] = [];
    const r = await measure((i: number) => {
      calls.push(i);
    }, recipe);
    expect(calls).toEqual([0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6]);
    expect(r.steps).toBe(7);
    expect(r.samplesPerSec).toBeCloseTo((7 * 128) / r.seconds, 6);
  });

  it('runs at least minSteps however short the time budget', async () => {
    let n = 0;
    const r = await measure(
      () => {
        n++;
      },
      { ...recipe, warmupSteps: 0 },
      { seconds: 1e-9 },
    );
    expect(r.steps).toBe(3);
    expect(n).toBe(3);
  });

  it('parses runner flags and rejects bad values', () => {
    expect(parseRunnerArgs(['--seconds', '2', '--backend=wasm', '--max-steps', '10'])).toEqual({
      seconds: 2,
      backend: 'wasm',
      maxSteps: 10,
    });
    expect(() => parseRunnerArgs(['--seconds', 'x'])).toThrow(/--seconds must be a number > 0/);
    expect(() => parseRunnerArgs(['--frobnicate', '1'])).toThrow(/unknown option --frobnicate/);
  });
});
