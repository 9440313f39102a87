// [reliability] #21 item 10, CSV part, as the attack ran it but without the gigabytes: the input comes through a FIFO
// whose writer sends a header of 200 000 columns (the 2 rows × 104.9M columns file), or a 3rd line of 20 MiB that
// never ends (the 600 MB single line), and then keeps the pipe open. A loader that needs the whole file (the old
// readFile + split: 44 s and 5.5 GB, or ERR_STRING_TOO_LONG naming no file) never sees the end and hangs; a
// streaming one refuses after the bound, naming the file and line. test/tabular/csv-bounds.test.ts checks the
// bounds themselves on regular files.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCSV } from '../../src/data/csv';
import { readTable } from '../../src/tabular/table';

const dir = mkdtempSync(path.join(os.tmpdir(), 'nnkit-csv-fifo-'));

/** A FIFO whose writer (a child process) sends `head`, then `unit` repeated `count` times, and never closes it. */
function endlessFifo(name: string, head: string, unit: string, count: number): { file: string; writer: ChildProcess } {
  const file = path.join(dir, name);
  expect(spawnSync('mkfifo', [file]).status).toBe(0);
  const script = `const fs = require('node:fs'), fd = fs.openSync(process.argv[1], 'w');
    fs.writeSync(fd, ${JSON.stringify(head)});
    const chunk = ${JSON.stringify(unit)}.repeat(4096);
    for (let i = 0; i < ${count} / 4096; i++) fs.writeSync(fd, chunk);
    setInterval(() => {}, 1000);`;
  const writer = spawn(process.execPath, ['-e', script, file], { stdio: 'ignore' });
  return { file, writer };
}

/** The loader's error message, or 'still reading' if it has not settled within 30 s (it waits for an end). */
async function outcome(load: Promise<unknown>, writer: ChildProcess): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const waiting = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still reading'), 30_000)));
  try {
    return await Promise.race([
      load.then(
        () => 'loaded',
        (e: Error) => e.message,
      ),
      waiting,
    ]);
  } finally {
    clearTimeout(timer);
    writer.kill('SIGKILL');
  }
}

describe.skipIf(process.platform === 'win32')('CSV input that never ends', () => {
  const loaders = { loadCSV: (f: string) => loadCSV(f), readTable: (f: string) => readTable(f) };
  for (const [name, load] of Object.entries(loaders)) {
    it(`${name}: a header of 200 000 columns is refused at line 1 without waiting for the end`, async () => {
      const { file, writer } = endlessFifo(`wide-${name}.csv`, '', 'c,', 200_000);
      expect(await outcome(load(file), writer)).toBe(
        `${file}:1: more than 100000 columns (maxColumns, raise it if the file really is this wide)`,
      );
    }, 40_000);

    it(`${name}: a 3rd line of 20 MiB is refused naming file and line, without waiting for the end`, async () => {
      const { file, writer } = endlessFifo(`long-${name}.csv`, 'a,b\n1,2\n3,', 'z', 20 << 20);
      expect(await outcome(load(file), writer)).toMatch(
        new RegExp(`^${file.replace(/[.]/g, '\\.')}:3: the line is longer than 16777216 characters`),
      );
    }, 40_000);
  }
});
