import type { EntityManager } from '@mikro-orm/postgresql';
import type { CompletedJob } from '../../domain/entities/job-completion.js';
import { recordJobCompletion } from '../../domain/job-completions.js';
import { countHandledSubjects } from '../../domain/side-effect-ledger.js';
import type { JobContext } from '../../domain/types.js';

/**
 * The last thing each demo job does (continuable `finalize`, iteration `onComplete`): record that
 * the run completed, with the number of items the ledger shows it handled.
 */
export async function recordDemoCompletion(
  em: EntityManager,
  context: JobContext,
  job: CompletedJob,
  family: 'order' | 'report' | 'email',
): Promise<void> {
  const items = await countHandledSubjects(em, context.jobId, family);
  await recordJobCompletion(em, { jobId: context.jobId, engine: context.engine, job, items });
}
