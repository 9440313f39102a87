// Writes a file so that readers see either the old or the new bytes, never a mix: a temporary file in the target's
// directory, fsync, rename over the target, fsync of the directory.
//   - Through a symbolic link, the link's final target is replaced and the link stays a link.
//   - A target that exists but is not a regular file (a directory, a FIFO) is refused, naming it.
//   - Temporary files of the same target left by a killed process (`.<name>.<pid>.<hex>.tmp`, the pid no longer
//     running on this host) are removed before writing.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  lstatSync,
  openSync,
  readdirSync,
  readlinkSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';

export function writeFileAtomic(file: string, bytes: Uint8Array): void {
  const target = finalTarget(file);
  const dir = path.dirname(target);
  const base = path.basename(target);
  removeStaleTemps(dir, base);
  const tmp = path.join(dir, `.${base}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, target);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* never created */
    }
    throw new Error(`save: cannot write ${file}: ${(e as Error).message}`);
  }
  fsyncDirectory(dir);
}

/** The path a write to `file` must replace: symbolic links followed (dangling ones too), checked to be a file. */
function finalTarget(file: string): string {
  let p = path.resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    let st;
    try {
      st = lstatSync(p);
    } catch {
      return p; // does not exist yet: created here
    }
    if (st.isSymbolicLink()) {
      p = path.resolve(path.dirname(p), readlinkSync(p));
      continue;
    }
    if (!st.isFile())
      throw new Error(`save: cannot write ${file}: ${p} is ${st.isDirectory() ? 'a directory' : 'not a regular file'}`);
    return p;
  }
  throw new Error(`save: cannot write ${file}: too many levels of symbolic links`);
}

const TEMP_NAME = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

function removeStaleTemps(dir: string, base: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // the write below reports the directory's problem
  }
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m || m[1] !== base || Number(m[2]) === process.pid || processRuns(Number(m[2]))) continue;
    try {
      if (statSync(path.join(dir, name)).isFile()) unlinkSync(path.join(dir, name));
    } catch {
      /* removed by someone else meanwhile */
    }
  }
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by another user
  }
}

function fsyncDirectory(dir: string): void {
  try {
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    /* directories cannot be fsync'ed on every platform; the rename is still atomic */
  }
}
