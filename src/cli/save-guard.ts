// What `nnkit train` checks around its output files:
//   before training, that --save and --report can be written (an existing directory we may write to, the path
//   itself not a directory), so a long run does not end in "cannot write";
//   after training, that the run did not stop on an error (divergence, NaN): such a model is not saved unless
//   --save-anyway asks for it, and the command exits 1. A run interrupted by the user (SIGINT) is not an error.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import type { History } from '../train/history';
import { UsageError } from './usage-error';

export function checkOutputPath(flag: string, file: string | undefined): void {
  if (file === undefined) return;
  if (file === '') throw new UsageError(`--${flag} needs a file path`);
  const dir = path.dirname(path.resolve(file));
  const fail = (why: string): never => {
    throw new UsageError(`--${flag} ${file}: ${why}`);
  };
  try {
    if (!statSync(dir).isDirectory()) fail(`${dir} is not a directory`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    fail(`the directory ${dir} does not exist`);
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    fail(`the directory ${dir} is not writable`);
  }
  try {
    if (statSync(file).isDirectory()) fail('is a directory');
  } catch (e) {
    if (e instanceof UsageError) throw e; // else it does not exist yet: fine
  }
}

/** Why the run failed (it stopped, and not because the user interrupted it), or undefined. */
export function trainingFailure(history: History, interrupted: boolean): string | undefined {
  if (!history.stopped || interrupted) return undefined;
  const errors = (history.findings ?? []).filter((f) => f.severity === 'error').map((f) => f.id);
  return `${history.stopReason ?? 'stopped'}${errors.length ? ` (${errors.join(', ')})` : ''}`;
}
