// The trial every executor runs outside this thread (pool threads, BullMQ workers): chosen by the data reference.
// In-process searches may pass any TrialFunction instead.
import { runSyntheticTrial } from './synthetic-trial';
import { runTableTrial } from './table-trial';
import { runTrainingTrial } from './training-trial';
import type { TrialResult, TrialSpec } from './trial';

export async function runTrial(spec: TrialSpec, signal?: AbortSignal): Promise<TrialResult> {
  if (spec?.data?.kind === 'synthetic') return runSyntheticTrial(spec, signal);
  if (spec?.data?.kind === 'table') return runTableTrial(spec, signal);
  return runTrainingTrial(spec, signal);
}
