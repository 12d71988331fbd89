import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Job } from 'bullmq';
import type { Engine, JobContext, ProcessingSettings } from '../../domain/types.js';

/** What every demo job is constructed with: the ORM and how the services should behave. */
export interface DemoServices {
  orm: MikroORM;
  processing: Partial<ProcessingSettings>;
}

/** A fresh EntityManager for one execution: the global one is refused, and forks stay small. */
export function forkEm(services: DemoServices): EntityManager {
  return services.orm.em.fork();
}

/**
 * Who is acting, for the ledger: the BullMQ job id (stable across resumes) and the execution
 * number, which BullMQ counts the same way for both engines (`attemptsStarted`: every start,
 * resumed, retried or recovered after a crash).
 */
export function demoJobContext(job: Job, engine: Engine, signal?: AbortSignal): JobContext {
  return { jobId: String(job.id), engine, execution: Math.max(1, job.attemptsStarted), signal };
}
