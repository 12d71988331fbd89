import type { Interruption } from '../runtime/interruption.js';
import type { InterruptReason } from '../runtime/interruption.js';
import type { ExitDecision } from './types.js';

/** job-iteration's reason when an execution outlives max_job_runtime. */
export const MAX_JOB_RUNTIME_EXCEEDED = 'max_job_runtime_exceeded';

/**
 * What `shouldExit()` does unless a job overrides it: max job runtime first, then the runtime's
 * sources. Asked after every item, so it takes its inputs as they are and builds no object.
 */
export function defaultExitReason(elapsedMs: number, maxJobRuntimeMs: number | undefined, interruption: Pick<Interruption, 'checkAt'>, items: number, cursor: unknown): InterruptReason | undefined {
  if (maxJobRuntimeMs !== undefined && elapsedMs >= maxJobRuntimeMs) return MAX_JOB_RUNTIME_EXCEEDED;
  return interruption.checkAt(items, cursor);
}

/** A reason string stays; `true` becomes "interrupted" (job-iteration's word); anything falsy goes on. */
export function exitReasonOf(decision: ExitDecision): InterruptReason | undefined {
  if (typeof decision === 'string') return decision.length > 0 ? decision : undefined;
  return decision === true ? 'interrupted' : undefined;
}
