// A finding is what the babysitter tells the user: data first (id, severity, the numbers), then a plain sentence.
// Ids are stable (tests, --json consumers and the HTML report key on them); messages may improve over time.
//   { id: 'lr-too-high', severity: 'warn', message: 'loss rose from 2.30 to 7.1 …', values: {…}, suggestion: '…' }

export const FINDING_IDS = [
  'init-loss',
  'regularization',
  'gradcheck-failed',
  'overfit-tiny-failed',
  'nan-loss',
  'loss-explosion',
  'lr-too-high',
  'lr-too-low',
  'bad-init-plateau',
  'symmetric-init',
  'saturation',
  'dead-relu',
  'vanishing-activations',
  'update-ratio',
  'overfitting',
  'underfitting',
] as const;

export type FindingId = (typeof FINDING_IDS)[number];
export type Severity = 'info' | 'warn' | 'error';
export type FindingValue = number | string | boolean | null | number[] | string[];

export interface Finding {
  id: FindingId;
  severity: Severity;
  /** One plain sentence with the numbers behind it. */
  message: string;
  /** The measured numbers, for --json and the report. */
  values: Record<string, FindingValue>;
  /** What to try next; '' when there is nothing to do. */
  suggestion: string;
}

export function finding(
  id: FindingId,
  severity: Severity,
  message: string,
  values: Finding['values'] = {},
  suggestion = '',
): Finding {
  return { id, severity, message, values, suggestion };
}

const RANK: Record<Severity, number> = { info: 0, warn: 1, error: 2 };

/** Findings at or above a severity, e.g. atLeast(findings, 'warn') for "anything wrong?". */
export function atLeast(findings: readonly Finding[], severity: Severity): Finding[] {
  return findings.filter((f) => RANK[f.severity] >= RANK[severity]);
}

export { fmt, fmtRate, pct } from '../format';
