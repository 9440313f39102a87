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

/** A number as a person writes it: 2.30, 7.1, 0.0123, 1.5e-4, 1200. */
export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1000) return String(Math.round(x));
  if (a >= 1e-2) return x.toPrecision(digits);
  return exponent(x, digits);
}

/** A learning rate or ratio, the way people write them: 10, 0.5, 0.1, 1e-2, 3e-4, 2.5e-6. */
export function fmtRate(x: number): string {
  if (!Number.isFinite(x) || x === 0) return String(x);
  const a = Math.abs(x);
  if (a >= 0.1 && a < 1000) return String(Number(x.toPrecision(2)));
  return exponent(x, 2);
}

function exponent(x: number, digits: number): string {
  const [mantissa, e] = x.toExponential(digits - 1).split('e');
  return `${mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa}e${Number(e)}`;
}

/** Percent with one decimal: 0.1234 → "12.3 %". */
export function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}
