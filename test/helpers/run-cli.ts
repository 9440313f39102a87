// Runs `nnkit <argv>` in-process (src/cli.ts main) and captures what it writes to stdout and stderr.
import { vi } from 'vitest';
import { main } from '../../src/cli';

export async function runCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '',
    err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: await main(argv), out, err };
  } finally {
    vi.restoreAllMocks();
  }
}
