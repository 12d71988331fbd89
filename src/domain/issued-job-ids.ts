import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Job ids issued by the database that holds the side-effect ledger (`issued_job_numbers`). A Redis
 * counter forgets when Redis loses its data, and two prefixes sharing one database each count from
 * 1: then a new job takes an old job's id, and its progress, read from the ledger by job id, counts
 * the old job's rows. A number drawn here is never drawn again in this database, and an id the
 * ledger already knows (rows written before the table existed) or that `isTaken` says another store
 * still holds (a job in Redis after the database was reset) is skipped: the id that comes back names
 * no row and no job yet, so every ledger row that later carries it is that job's own.
 */
export async function issueJobId(
  em: EntityManager,
  { name, prefix }: { name: string; prefix: string },
  isTaken: (jobId: string) => Promise<boolean> = async () => false,
): Promise<string> {
  for (;;) {
    const [row] = await em.execute<{ n: number }[]>(`select nextval(pg_get_serial_sequence('issued_job_numbers', 'id'))::int as n`);
    const jobId = `${name}-${row!.n}`;
    const claimed = await em.execute<{ id: number }[]>(
      `insert into issued_job_numbers (id, job_id, prefix) select ?, ?, ?
        where not exists (select 1 from side_effects where job_id = ?)
       on conflict (job_id) do nothing returning id`,
      [row!.n, jobId, prefix, jobId],
    );
    if (claimed.length === 1 && !(await isTaken(jobId))) return jobId;
  }
}
