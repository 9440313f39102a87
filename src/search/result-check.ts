// A result that comes back from shared storage (Redis) is checked against the trial the search itself asked for
// before it counts: same id, stage and configuration (so a job planted under a predictable id, e.g. a "best" with
// lr 1e-7 from outside the search range, is not accepted), a known status, an accuracy in [0, 1] (null unless ok),
// and epochs the trial could have run. Returns what is wrong, or undefined.
import type { TrialResult, TrialSpec } from './trial';

export function resultProblem(result: unknown, spec: TrialSpec): string | undefined {
  if (result === null || typeof result !== 'object') return `it is ${JSON.stringify(result)}, not a trial result`;
  const r = result as Partial<TrialResult>;
  if (r.id !== spec.id) return `its id ${JSON.stringify(r.id)} is not ${spec.id}`;
  if (r.stage !== spec.stage) return `its stage ${JSON.stringify(r.stage)} is not ${spec.stage}`;
  if (JSON.stringify(sorted(r.config)) !== JSON.stringify(sorted(spec.config)))
    return `its configuration ${JSON.stringify(r.config)} is not the trial's ${JSON.stringify(spec.config)}`;
  if (r.status !== 'ok' && r.status !== 'aborted' && r.status !== 'failed')
    return `its status ${JSON.stringify(r.status)} is not ok, aborted or failed`;
  const acc = r.valAccuracy;
  if (r.status === 'ok' ? !(typeof acc === 'number' && acc >= 0 && acc <= 1) : acc !== null)
    return `its accuracy ${JSON.stringify(acc)} does not fit status ${r.status}`;
  const maxEpochs = spec.epochs * Math.max(1, spec.folds ?? 1);
  if (!(Number.isInteger(r.epochs) && r.epochs! >= 0 && r.epochs! <= maxEpochs))
    return `its epochs ${JSON.stringify(r.epochs)} are not in 0..${maxEpochs}`;
  if (!(typeof r.seconds === 'number' && r.seconds >= 0)) return `its seconds ${JSON.stringify(r.seconds)} are invalid`;
  return undefined;
}

function sorted(config: unknown): unknown {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) return config;
  return Object.fromEntries(Object.entries(config).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
