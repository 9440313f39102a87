// parseTrainFlags is pure: argv → settings with the recipe's defaults for the dataset, bad flags as usage errors
// naming the flag, and nothing done (no environment change, no file read, no training).
import { describe, expect, it } from 'vitest';
import { parseTrainFlags } from '../../src/cli/train-flags';
import { UsageError } from '../../src/cli/usage-error';

describe('parseTrainFlags', () => {
  it('no flags: digits with its defaults (256,128, 20 epochs of 32, sgd, lr from the optimizer)', () => {
    expect(parseTrainFlags([])).toEqual({
      help: false,
      dataName: 'digits',
      data: { kind: 'digits' },
      layers: [256, 128],
      activation: 'relu',
      bn: true,
      init: 'he',
      optimizer: 'sgd',
      lr: undefined,
      autoLr: false,
      momentum: undefined,
      weightDecay: 5e-4,
      dropout: 0,
      schedule: 'cosine',
      epochs: 20,
      batchSize: 32,
      valSplit: 0.1,
      standardize: true,
      seed: 0,
      threads: undefined,
      precision: 'fp32',
      worker: false,
      save: undefined,
      saveAnyway: false,
      report: undefined,
      json: false,
    });
  });

  it('larger data: 512,256, 10 epochs of 128; a CSV with its label and task; flags override', () => {
    expect(parseTrainFlags(['--data', 'fashion-mnist', '--data-dir', '/d'])).toMatchObject({
      data: { kind: 'fashion-mnist', dir: '/d' },
      layers: [512, 256],
      epochs: 10,
      batchSize: 128,
    });
    const f = parseTrainFlags(
      [
        '--data',
        'a.csv',
        '--label',
        'price',
        '--task',
        'regression',
        '--layers',
        '8,4',
        '--no-bn',
        '--lr',
        'auto',
      ].concat(['--optimizer', 'adam', '--val-split', '0', '--no-standardize', '--seed', '3', '--threads', '2']),
    );
    expect(f).toMatchObject({
      data: { kind: 'csv', path: 'a.csv', labelColumn: 'price', task: 'regression' },
      layers: [8, 4],
      bn: false,
      autoLr: true,
      lr: undefined,
      optimizer: 'adam',
      valSplit: 0,
      standardize: false,
      seed: 3,
      threads: 2,
    });
  });

  it('changes nothing: --threads is returned, not put in the environment', () => {
    const before = process.env.NNKIT_THREADS;
    parseTrainFlags(['--threads', '7']);
    expect(process.env.NNKIT_THREADS).toBe(before);
  });

  it('bad flags are usage errors naming the flag', () => {
    const cases: [string[], RegExp][] = [
      [['--layers', '8,x'], /--layers must be comma-separated whole numbers/],
      [['--activation', 'swish'], /--activation must be one of relu, sigmoid/],
      [['--bn', '--no-bn'], /--bn and --no-bn contradict each other/],
      [['--data', 'x.parquet'], /--data must be digits, fashion-mnist or a .csv file/],
      [['--report', 'r.html', '--worker'], /--report needs in-process training/],
      [['--epochs', '0'], /--epochs must be a whole number in 1..1000000, got "0"/],
      [['--model', 'cnn', '--layers', '8'], /--model sets the whole network/],
      [['--precision', 'fp16'], /--precision must be one of fp32, bf16, auto/],
    ];
    for (const [argv, message] of cases) {
      expect(() => parseTrainFlags(argv)).toThrow(UsageError);
      expect(() => parseTrainFlags(argv)).toThrow(message);
    }
  });
});
