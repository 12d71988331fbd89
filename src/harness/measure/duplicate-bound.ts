import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The work a job's executions did after their durable checkpoint, from the ledger: for each execution
 * but the last, the subjects it handled beyond the furthest checkpoint the sampler saw while it was the
 * job's latest (see checkpoint-sampler.ts for why this bounds the duplicates). Without idempotency keys
 * these are the effects a resumed run may repeat; with keys, the replays it may suppress. An execution
 * the sampler never saw counts in full.
 */
export async function workAfterCheckpoint(
  em: EntityManager,
  job: { jobId: string; family: string; subjectIds: readonly number[] },
  durableByExecution: ReadonlyMap<number, number>,
  lastExecution: number,
): Promise<number> {
  // Effects and suppressed replays both say the execution did the work; an error row says it did not.
  const rows = await em.execute<{ execution: number; subject_id: number }[]>(
    `select distinct execution, subject_id from side_effects
      where job_id = ? and execution <> ? and kind like ? and kind not like '%.error'`,
    [job.jobId, lastExecution, `${job.family}.%`],
  );
  const position = new Map(job.subjectIds.map((id, index) => [id, index]));
  return rows.filter((row) => {
    const index = position.get(row.subject_id);
    return index !== undefined && index >= (durableByExecution.get(row.execution) ?? 0);
  }).length;
}
