import type { EntityManager } from '@mikro-orm/postgresql';
import type { DuplicateSubject, EffectRecord, JobSelector, LedgerEntry } from './types.js';

/*
 * The side-effect ledger: append-only, one row per externally visible effect. Call recordEffect in
 * the same transaction as the effect itself, so the ledger never claims an effect that rolled back
 * and never misses one that committed. Duplicates are allowed on purpose; the queries below find them.
 */

export async function recordEffect(em: EntityManager, effect: EffectRecord): Promise<void> {
  await em.execute(
    `insert into side_effects (job_id, engine, kind, subject_id, execution, idempotency_key)
     values (?, ?, ?, ?, ?, ?)`,
    [effect.jobId, effect.engine, effect.kind, effect.subjectId, effect.execution, effect.idempotencyKey],
    'run',
  );
}

/**
 * Appends several rows in one statement, in the order given: ids (and so `ledgerEntries`) keep that
 * order, as if they had been recorded one by one. Same transaction rule as recordEffect.
 */
export async function recordEffects(em: EntityManager, effects: readonly EffectRecord[]): Promise<void> {
  if (effects.length === 0) return;
  await em.execute(
    `insert into side_effects (job_id, engine, kind, subject_id, execution, idempotency_key)
     values ${effects.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
    effects.flatMap((effect) => [
      effect.jobId,
      effect.engine,
      effect.kind,
      effect.subjectId,
      effect.execution,
      effect.idempotencyKey,
    ]),
    'run',
  );
}

/** The selected job ids; the queries bind them as `in (?)`, which MikroORM expands to a list. */
function jobIds(jobs: JobSelector): string[] {
  return typeof jobs === 'string' ? [jobs] : [...jobs];
}

/** How many effects of this kind the job(s) wrote, duplicates included. */
export async function countEffects(em: EntityManager, jobs: JobSelector, kind: string): Promise<number> {
  if (jobIds(jobs).length === 0) return 0;
  const [row] = await em.execute<{ n: number }[]>(
    'select count(*)::int as n from side_effects where job_id in (?) and kind = ?',
    [jobIds(jobs), kind],
  );
  return row?.n ?? 0;
}

/** Subjects with more than one effect of this kind, by subject id: empty means "none twice". */
export async function duplicateSubjects(
  em: EntityManager,
  jobs: JobSelector,
  kind: string,
): Promise<DuplicateSubject[]> {
  if (jobIds(jobs).length === 0) return [];
  const rows = await em.execute<{ subject_id: number; n: number }[]>(
    `select subject_id, count(*)::int as n from side_effects
     where job_id in (?) and kind = ? group by subject_id having count(*) > 1 order by subject_id`,
    [jobIds(jobs), kind],
  );
  return rows.map((row) => ({ subjectId: row.subject_id, count: row.n }));
}

/** Every subject that got at least one effect of this kind, ascending. */
export async function distinctSubjects(em: EntityManager, jobs: JobSelector, kind: string): Promise<number[]> {
  if (jobIds(jobs).length === 0) return [];
  const rows = await em.execute<{ subject_id: number }[]>(
    'select distinct subject_id from side_effects where job_id in (?) and kind = ? order by subject_id',
    [jobIds(jobs), kind],
  );
  return rows.map((row) => row.subject_id);
}

/**
 * Distinct subjects a job handled in one family, whatever the outcome (`order.processed`,
 * `order.failed`, `order.error`…): how far a job has got, and what its completion reports.
 */
export async function countHandledSubjects(em: EntityManager, jobId: string, family: string): Promise<number> {
  const [row] = await em.execute<{ n: number }[]>(
    'select count(distinct subject_id)::int as n from side_effects where job_id = ? and kind like ?',
    [jobId, `${family}.%`],
  );
  return row?.n ?? 0;
}

/**
 * The job(s)' effects in the order they were written (optionally one kind). Scenarios read it to
 * check where an execution resumed: the first subject of execution n+1 follows the last of n.
 */
export async function ledgerEntries(em: EntityManager, jobs: JobSelector, kind?: string): Promise<LedgerEntry[]> {
  if (jobIds(jobs).length === 0) return [];
  const rows = await em.execute<
    {
      id: number;
      job_id: string;
      engine: string;
      kind: string;
      subject_id: number;
      execution: number;
      idempotency_key: string;
      // MikroORM's pg driver returns timestamptz as text; parsed below.
      created_at: string;
    }[]
  >(
    `select id, job_id, engine, kind, subject_id, execution, idempotency_key, created_at from side_effects
     where job_id in (?) ${kind === undefined ? '' : 'and kind = ?'} order by id`,
    kind === undefined ? [jobIds(jobs)] : [jobIds(jobs), kind],
  );
  return rows.map((row) => ({
    id: row.id,
    jobId: row.job_id,
    engine: row.engine,
    kind: row.kind,
    subjectId: row.subject_id,
    execution: row.execution,
    idempotencyKey: row.idempotency_key,
    createdAt: new Date(row.created_at),
  }));
}

/** Effects per execution number, e.g. { 1: 400, 2: 600 } for a job interrupted once after 400 items. */
export async function effectsPerExecution(
  em: EntityManager,
  jobs: JobSelector,
  kind: string,
): Promise<Record<number, number>> {
  if (jobIds(jobs).length === 0) return {};
  const rows = await em.execute<{ execution: number; n: number }[]>(
    `select execution, count(*)::int as n from side_effects
     where job_id in (?) and kind = ? group by execution order by execution`,
    [jobIds(jobs), kind],
  );
  return Object.fromEntries(rows.map((row) => [row.execution, row.n]));
}
