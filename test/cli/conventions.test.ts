// Command-line conventions: --help / -h / help and --version at the top and per command (stdout, exit 0), a
// "did you mean" for a mistyped command or flag with the command's own usage (stderr, exit 2). Not about a
// backend: no training runs here.
import { describe, expect, it } from 'vitest';
import { nearest, flagsOf } from '../../src/cli/did-you-mean';
import { TRAIN_USAGE } from '../../src/cli/train';
import { VERSION } from '../../src/version';
import { runCli } from '../helpers/run-cli';

const run = runCli;

describe('nnkit command-line conventions', () => {
  it('--help, -h and help print the commands and exit codes to stdout, exit 0', async () => {
    for (const flag of ['--help', '-h', 'help']) {
      const r = await run([flag]);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^usage: nnkit <command>/);
      expect(r.out).toMatch(/exit codes: 0 success, 1 failure/);
      expect(r.err).toBe('');
    }
  });

  it('--version and -v print the version', async () => {
    expect(await run(['--version'])).toEqual({ code: 0, out: `${VERSION}\n`, err: '' });
    expect((await run(['-v'])).out).toBe(`${VERSION}\n`);
  });

  it('<command> --help and -h print that command’s usage, also for commands without their own help flag', async () => {
    const train = await run(['train', '-h']);
    expect(train).toEqual({ code: 0, out: TRAIN_USAGE, err: '' });
    expect((await run(['export', '--help'])).out).toMatch(/^usage: nnkit export <model.nnkit> --onnx/);
    expect((await run(['doctor', '--help'])).out).toBe('usage: nnkit doctor [--json]\n');
  });

  it('a mistyped flag: "did you mean", the command’s usage (not the global one), exit 2', async () => {
    const r = await run(['train', '--epoch', '3']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^nnkit train: unknown option '--epoch'; did you mean --epochs\?\n/);
    expect(r.err).toContain(TRAIN_USAGE);
    expect(r.err).not.toContain('commands:');
    expect(r.out).toBe('');
  });

  it('a mistyped command: "did you mean", the global usage, exit 2; no command at all is a usage error', async () => {
    const r = await run(['trian']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^nnkit: unknown command 'trian'; did you mean 'train'\?\nusage: nnkit <command>/);
    expect((await run(['frobnicate'])).err).toMatch(/^nnkit: unknown command 'frobnicate'\nusage/);
    expect((await run([])).code).toBe(2);
  });

  it('nearest: within a third of the word (at least 2 edits), else nothing', () => {
    expect(nearest('--bach-size', ['--batch-size', '--bn'])).toBe('--batch-size');
    expect(nearest('--lrr', ['--lr', '--layers'])).toBe('--lr');
    expect(nearest('--zzzzzz', ['--lr', '--layers'])).toBeUndefined();
    expect(flagsOf('use --a-b or --c, --a-b again')).toEqual(['--a-b', '--c']);
  });
});
