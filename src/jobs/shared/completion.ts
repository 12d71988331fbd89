import type { EntityManager } from '@mikro-orm/postgresql';
import { JobCompletion, type CompletedJob } from '../../domain/entities/job-completion.js';
import type { JobContext } from '../../domain/types.js';

/** The last thing each demo job does (continuable `finalize`, iteration `onComplete`). */
export async function recordCompletion(em: EntityManager, context: JobContext, job: CompletedJob, items: number): Promise<void> {
  await em.insert(JobCompletion, { jobId: context.jobId, engine: context.engine, job, items, createdAt: new Date() });
}
