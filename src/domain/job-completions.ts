import type { EntityManager } from '@mikro-orm/postgresql';
import type { CompletedJob } from './entities/job-completion.js';
import type { Engine, JobCompletionRecord } from './types.js';

/**
 * Written by a job's finalize step (continuable) or onComplete (iteration). Not unique: a finalize
 * that runs twice writes twice, which a scenario can count just like ledger duplicates.
 */
export async function recordJobCompletion(em: EntityManager, completion: JobCompletionRecord): Promise<void> {
  await em.execute(
    'insert into job_completions (job_id, engine, job, items) values (?, ?, ?, ?)',
    [completion.jobId, completion.engine, completion.job, completion.items],
    'run',
  );
}

/** The completions recorded for one job id, oldest first. */
export async function jobCompletionsOf(em: EntityManager, jobId: string): Promise<JobCompletionRecord[]> {
  const rows = await em.execute<{ job_id: string; engine: Engine; job: CompletedJob; items: number }[]>(
    'select job_id, engine, job, items from job_completions where job_id = ? order by id',
    [jobId],
  );
  return rows.map((row) => ({ jobId: row.job_id, engine: row.engine, job: row.job, items: row.items }));
}
