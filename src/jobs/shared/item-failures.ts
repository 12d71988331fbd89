import type { EntityManager } from '@mikro-orm/postgresql';
import { SimulatedFailureError } from '../../domain/errors.js';
import { recordEffect } from '../../domain/side-effect-ledger.js';
import type { JobContext } from '../../domain/types.js';
import { failingOnceIfMissing } from './missing-subject.js';

/**
 * The demo's business rule for a failing item: record the error (ledger `<family>.error`) and go on
 * to the next item, so one bad order does not stop a thousand. Only the seeded, simulated failures
 * are handled here; anything else is a real bug and propagates to the engine's error handling.
 */
export async function recordingItemFailure(
  em: EntityManager,
  context: JobContext,
  family: 'order' | 'report' | 'email',
  subjectId: number,
  work: () => Promise<unknown>,
): Promise<void> {
  try {
    await failingOnceIfMissing(context.engine, work);
  } catch (error) {
    if (!(error instanceof SimulatedFailureError)) throw error;
    await recordEffect(em.fork(), {
      ...context,
      kind: `${family}.error`,
      subjectId,
      idempotencyKey: `${family}:${subjectId}:error:${context.execution}`,
    });
  }
}
