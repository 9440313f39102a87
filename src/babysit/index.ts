// The babysitter (docs/design.md §5): the lecture's procedure for watching a network learn, as code.
//   check(model, data)            sanity checks before training (sanity-checks.ts)
//   findLearningRate(model, data) learning-rate range test (lr-finder.ts)
//   new Babysitter()              live monitors during fit, as training callbacks (monitor.ts)
// and the pure rules underneath, each usable alone (abort, loss-curve shape, train/val gap, update ratio,
// activation statistics). Every result is a Finding: { id, severity, message, values, suggestion }.
export { FINDING_IDS, atLeast, finding } from './findings';
export type { Finding, FindingId, FindingValue, Severity } from './findings';
export { ABORT_FACTOR, abortFinding, saferRate, shouldAbort } from './abort';
export type { AbortReason } from './abort';
export { classifyLossCurve, lossCurveFinding } from './loss-curve';
export type { CurveDiagnosis, CurveShape } from './loss-curve';
export { trainValGapFinding } from './train-val-gap';
export type { GapInput, GapThresholds } from './train-val-gap';
export { gradUpdateRatio, updateRatio, updateRatioFinding, UPDATE_RATIO_RANGE } from './update-ratio';
export { activationFindings, activationStats, identicalRowsFraction } from './activation-stats';
export type { ActivationKind, ActivationStats, ActivationThresholds } from './activation-stats';
export { probeActivations } from './probe';
export { check } from './sanity-checks';
export type { CheckOptions, CheckReport, CheckResult } from './sanity-checks';
export { findLearningRate } from './lr-finder';
export type { LrFinderOptions, LrFinderResult } from './lr-finder';
export { Babysitter } from './monitor';
export type { MonitorOptions } from './monitor';
