// What a worker accepts from Redis, which anyone who can reach it can write to: a job must be a trial spec, and it
// may name only data under the worker's data root (`nnkit worker --data-root`, default its working directory); what
// the worker writes back never quotes the data (double-quoted text in a failure reason becomes "…": a CSV error
// such as `column 1 is "admin"` would otherwise copy a file's content into shared storage).
import { realpathSync } from 'node:fs';
import path from 'node:path';

/** Why the job must not run, or undefined. */
export function jobProblem(data: unknown, dataRoot: string): string | undefined {
  if (data === null || typeof data !== 'object') return 'the job is not a trial spec';
  const spec = data as { id?: unknown; config?: unknown; data?: { kind?: unknown; path?: unknown; dir?: unknown } };
  if (typeof spec.id !== 'string' || spec.config === null || typeof spec.config !== 'object' || !spec.data)
    return 'the job is not a trial spec (id, config and data are required)';
  const file =
    spec.data.kind === 'csv' ? spec.data.path : spec.data.kind === 'fashion-mnist' ? spec.data.dir : undefined;
  if (file === undefined) return undefined;
  if (typeof file !== 'string') return 'the job names its data with a non-string path';
  let real: string, root: string;
  try {
    root = realpathSync(dataRoot);
    real = realpathSync(path.resolve(root, file));
  } catch {
    return `the job's data is not readable under this worker's data root ${dataRoot}`;
  }
  if (real !== root && !real.startsWith(root + path.sep))
    return `the job's data is outside this worker's data root ${dataRoot} (nnkit worker --data-root)`;
  return undefined;
}

export function redactReason(reason: string): string {
  return reason.replace(/"[^"\n]*"/g, '"…"');
}
