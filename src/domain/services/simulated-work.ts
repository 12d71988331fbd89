import type { JobContext, ProcessingSettings } from '../types.js';
import { perItemDelay } from './per-item-delay.js';
import { throwIfSimulatedFailure } from './simulated-failure.js';

/**
 * What every item goes through before its effect is written: the simulated work (abortable delay),
 * then the seeded failure, which throws SimulatedFailureError so nothing gets written.
 */
export async function doSimulatedWork(
  settings: ProcessingSettings,
  context: JobContext,
  family: string,
  subjectId: number,
): Promise<void> {
  await perItemDelay(settings.perItemDelayMs, context.signal);
  throwIfSimulatedFailure(settings, family, subjectId, context.execution);
}
