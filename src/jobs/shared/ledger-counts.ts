import type { EntityManager } from '@mikro-orm/postgresql';

/** Distinct subjects a job handled in one family (`order.processed`, `order.failed`, `order.error`…). */
export async function distinctSubjectCount(em: EntityManager, jobId: string, family: string): Promise<number> {
  const [row] = await em.execute<{ n: number }[]>(
    `select count(distinct subject_id)::int as n from side_effects where job_id = ? and kind like ?`,
    [jobId, `${family}.%`],
  );
  return row?.n ?? 0;
}
