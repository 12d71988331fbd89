import type { EntityManager } from '@mikro-orm/postgresql';
import { workAfterCheckpoint } from '../measure/duplicate-bound.js';
import type { SoakJob } from './soak-jobs.js';

/** What the ledger says of one soak job at the end. Never the job's own counters. */
export interface SoakJobAudit {
  jobId: string;
  job: SoakJob['job'];
  engine: SoakJob['engine'];
  state: string;
  items: number;
  /** Subjects with no effect at all: work lost. Must be 0. */
  lost: number;
  /** Effects beyond the first per subject: what a user would see twice. Must be 0 with idempotency keys. */
  duplicateEffects: number;
  /** The work its executions (but the last) did after their last durable checkpoint, sampled (measure/duplicate-bound.ts). */
  workAfterCheckpoint: number;
  /** Duplicates allowed: 0 with keys; raw, `workAfterCheckpoint`. */
  duplicateBound: number;
  /** Work done again after a crash or a fault, and suppressed by its idempotency key; at most `workAfterCheckpoint`. */
  rawReplays: number;
  executions: number;
}

/** How a soak job ended, and what its executions left durable (from the checkpoint sampler). */
export interface SoakJobEnd {
  state: string;
  /** Its last execution (attemptsStarted): the one whose work no later run redoes. */
  lastExecution: number;
  durableByExecution: ReadonlyMap<number, number>;
}

/**
 * The end-of-soak SQL audit of one job: for every subject it had to handle, how many effects the ledger
 * holds (exactly one is right), how many replays the idempotency keys suppressed, and the work done after
 * the durable checkpoints that bounds both.
 */
export async function auditSoakJob(em: EntityManager, job: SoakJob, end: SoakJobEnd, keys: boolean): Promise<SoakJobAudit> {
  const rows = await em.execute<{ subject_id: number; effects: number; replays: number; executions: number }[]>(
    `select subject_id,
            count(*) filter (where kind not like '%.replayed' and kind not like '%.error')::int as effects,
            count(*) filter (where kind like '%.replayed')::int as replays,
            max(execution)::int as executions
       from side_effects where job_id = ? and kind like ? group by subject_id`,
    [job.jobId, `${job.family}.%`],
  );
  const bySubject = new Map(rows.map((row) => [row.subject_id, row]));
  let lost = 0;
  let duplicateEffects = 0;
  for (const subjectId of job.subjectIds) {
    const effects = bySubject.get(subjectId)?.effects ?? 0;
    if (effects === 0) lost++;
    duplicateEffects += Math.max(0, effects - 1);
  }
  const unsaved = await workAfterCheckpoint(em, job, end.durableByExecution, end.lastExecution);
  return {
    jobId: job.jobId,
    job: job.job,
    engine: job.engine,
    state: end.state,
    items: job.subjectIds.length,
    lost,
    duplicateEffects,
    workAfterCheckpoint: unsaved,
    duplicateBound: keys ? 0 : unsaved,
    rawReplays: rows.reduce((sum, row) => sum + row.replays, 0),
    executions: rows.reduce((max, row) => Math.max(max, row.executions), 0),
  };
}

/**
 * Passed: every job completed, nothing lost, no more duplicates than its bound (none with keys), and no
 * more work redone than was done after a durable checkpoint (raw: the duplicates; keys: the replays).
 */
export function soakPassed(audits: readonly SoakJobAudit[]): boolean {
  return audits.every(
    (audit) =>
      audit.state === 'completed' &&
      audit.lost === 0 &&
      audit.duplicateEffects <= audit.duplicateBound &&
      audit.rawReplays <= audit.workAfterCheckpoint,
  );
}

/**
 * How long the work in flight took to move again after each fault, read from the ledger's timestamps:
 * the jobs that wrote an effect in the second before the fault, and the latest of their first effects
 * after it. A SIGKILLed worker's jobs wait for their lock to expire; a SIGTERMed one's for the resume delay.
 */
export async function recoveryTimes(em: EntityManager, jobIds: readonly string[], faultTimes: readonly number[]): Promise<number[]> {
  const rows = await em.execute<{ job_id: string; at: string }[]>(
    `select job_id, (extract(epoch from created_at) * 1000)::bigint::text as at from side_effects
      where job_id in (?) order by created_at`,
    [[...jobIds]],
  );
  const times = new Map<string, number[]>();
  for (const row of rows) times.set(row.job_id, [...(times.get(row.job_id) ?? []), Number(row.at)]);
  return faultTimes.map((faultAt) => {
    let recovery = 0;
    for (const written of times.values()) {
      const wasBusy = written.some((at) => at > faultAt - 1_000 && at <= faultAt);
      const next = written.find((at) => at > faultAt);
      if (wasBusy && next !== undefined) recovery = Math.max(recovery, next - faultAt);
    }
    return recovery;
  });
}
