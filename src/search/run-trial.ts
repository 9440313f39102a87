// The trial every executor runs outside this thread (pool threads, BullMQ workers): chosen by the data reference.
// In-process searches may pass any TrialFunction instead.
import { runSyntheticTrial } from './synthetic-trial';
import type { TrialResult, TrialSpec } from './trial';

export async function runTrial(spec: TrialSpec, signal?: AbortSignal): Promise<TrialResult> {
  if (spec?.data?.kind === 'synthetic') return runSyntheticTrial(spec, signal);
  throw new Error(`trial ${spec?.id}: training trials are not available yet (data kind '${spec?.data?.kind}')`);
}
