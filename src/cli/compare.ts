// `nnkit compare a.json b.json ... [--out compare.html] [--json]`: training runs side by side, overlaid on the same
// axes (the TensorBoard habit of comparing runs, without TensorBoard). Each file is what `nnkit train --json`
// printed (its last JSON line carries the per-epoch history) or a saved history: fit's result ({ epochs: [...] }) or
// an array of epoch records. Writes the HTML page and prints one line of final figures per run (--json: one object).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { renderComparison, summaryRows, type ComparedRun } from '../report/compare-report';
import { writeFileAtomic } from '../report/live-report';
import type { EpochRecord } from '../train/history';
import { checkOutputPath } from './save-guard';
import { UsageError } from './usage-error';

export const COMPARE_USAGE =
  'usage: nnkit compare <run.json> <run.json> ... [--out compare.html] [--json]\n' +
  '       each file: the output of `nnkit train --json`, or a saved history ({ "epochs": [...] } or [...])';

/** The summary fields of an `nnkit train --json` line shown beside the curves. */
const SUMMARY_KEYS = ['dataset', 'layers', 'testAccuracy', 'testLoss', 'testR2', 'seconds', 'stopReason'];

export async function compareCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: { out: { type: 'string', default: 'compare.html' }, json: { type: 'boolean' } },
  });
  if (positionals.length === 0) throw new UsageError(`expected one or more run files\n${COMPARE_USAGE}`);
  checkOutputPath('out', values.out);
  const runs = positionals.map((file, _, all) => readRun(file, runName(file, all)));
  writeFileAtomic(values.out!, renderComparison(runs));
  const rows = summaryRows(runs);
  if (values.json) process.stdout.write(JSON.stringify({ out: values.out, runs: rows }) + '\n');
  else process.stdout.write(`${textTable(rows)}wrote ${values.out}\n`);
  return 0;
}

/** The file's base name, or its path when two files share a base name. */
function runName(file: string, all: string[]): string {
  const base = (f: string) => path.basename(f).replace(/\.(json|jsonl)$/i, '');
  return all.filter((f) => base(f) === base(file)).length > 1 ? file : base(file);
}

export function readRun(file: string, name: string): ComparedRun {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const found = [text, ...text.split('\n').reverse()].map(parse).find((v) => epochsOf(v) !== undefined);
  if (found === undefined)
    throw new Error(
      `${file}: no training history (expected the output of nnkit train --json, or { "epochs": [...] }, or an array of epoch records)`,
    );
  const epochs = epochsOf(found)!;
  epochs.forEach((e, i) => {
    if (typeof e?.epoch !== 'number' || typeof e.trainLoss !== 'number')
      throw new Error(`${file}: epoch record ${i} needs numbers "epoch" and "trainLoss", got ${JSON.stringify(e)}`);
  });
  const obj = found as Record<string, unknown>;
  const summary = Object.fromEntries(
    SUMMARY_KEYS.filter((k) => typeof obj[k] === 'number' || typeof obj[k] === 'string').map((k) => [
      k,
      obj[k] as number | string,
    ]),
  );
  return { name, epochs, summary };
}

function parse(s: string): unknown {
  try {
    return s.trim() ? JSON.parse(s) : undefined;
  } catch {
    return undefined;
  }
}

/** The epoch records of a train --json line ({ history }), of fit's result ({ epochs }), or of an array. */
function epochsOf(v: unknown): EpochRecord[] | undefined {
  if (Array.isArray(v)) return v.length > 0 ? (v as EpochRecord[]) : undefined;
  if (v === null || typeof v !== 'object') return undefined;
  const o = v as { history?: unknown; epochs?: unknown };
  return Array.isArray(o.history) ? epochsOf(o.history) : Array.isArray(o.epochs) ? epochsOf(o.epochs) : undefined;
}

function textTable(rows: Record<string, string>[]): string {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((v, i) => v.padEnd(width[i]))
      .join('  ')
      .trimEnd() + '\n';
  return line(cols) + rows.map((r) => line(cols.map((c) => r[c] ?? ''))).join('');
}
