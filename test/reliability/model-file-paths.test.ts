// Issue #21 item 11, the file-system side of save/load (no kernels involved, so one run, not one per backend):
// a FIFO is refused instead of hanging loadModel, a directory is named, saving through a symbolic link replaces the
// link's target and keeps the link, and temporary files left by a process killed during save are cleaned up.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/io/load';
import { Dense, Sequential } from '../../src';

const tmp = () => realpathSync(mkdtempSync(path.join(os.tmpdir(), 'nnkit-paths-')));
const small = () => new Sequential([new Dense(3, 2, { seed: 1 })]);

describe('model files and the file system', () => {
  it.skipIf(process.platform === 'win32')('loadModel on a FIFO is refused at once, naming it', async () => {
    const fifo = path.join(tmp(), 'pipe.nnkit');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    await expect(loadModel(fifo)).rejects.toThrow(`loadModel: ${fifo} is a FIFO; a model is a regular file`);
  });

  it('loadModel on a directory names the path', async () => {
    const dir = path.join(tmp(), 'model.nnkit');
    mkdirSync(dir);
    await expect(loadModel(dir)).rejects.toThrow(`loadModel: ${dir} is a directory`);
  });

  it('save onto a directory names it', async () => {
    const dir = path.join(tmp(), 'model.nnkit');
    mkdirSync(dir);
    await expect(small().save(dir)).rejects.toThrow(/save: cannot write .*model\.nnkit: .* is a directory/);
  });

  it('save through a symbolic link writes the target and keeps the link', async () => {
    const d = tmp();
    mkdirSync(path.join(d, 'store'));
    const target = path.join(d, 'store', 'v1.nnkit');
    const link = path.join(d, 'current.nnkit');
    writeFileSync(target, 'old');
    symlinkSync(path.join('store', 'v1.nnkit'), link);
    await small().save(link);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target).subarray(0, 8).toString()).toBe('NNKITMDL');
    await loadModel(link);
    expect(readdirSync(d).sort()).toEqual(['current.nnkit', 'store']);
    expect(readdirSync(path.join(d, 'store'))).toEqual(['v1.nnkit']); // no temp file left beside the target
  });

  it('a dangling symbolic link: save creates its target', async () => {
    const d = tmp();
    const link = path.join(d, 'm.nnkit');
    symlinkSync('real.nnkit', link);
    await small().save(link);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(existsSync(path.join(d, 'real.nnkit'))).toBe(true);
  });

  it('temporary files of the same target left by a killed process are removed by the next save', async () => {
    const d = tmp();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const stale = `.m.nnkit.${dead}.0123abcd.tmp`;
    const live = `.m.nnkit.${process.ppid}.89abcdef.tmp`; // a running process: maybe mid-save, left alone
    const other = `.other.nnkit.${dead}.0123abcd.tmp`; // another target's: not ours to judge
    for (const name of [stale, live, other]) writeFileSync(path.join(d, name), 'partial');
    await small().save(path.join(d, 'm.nnkit'));
    expect(readdirSync(d).sort()).toEqual([live, other, 'm.nnkit'].sort());
  });
});
