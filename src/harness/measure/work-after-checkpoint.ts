import type { EntityManager } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import type { RedisConnection } from 'resumable-jobs/runtime';
import { readStoredProgress, type OperatorProgress } from '../operator/stored-progress.js';
import type { DemoJob, Engine } from '../reporting/types.js';

/**
 * Without idempotency keys, a crash costs duplicates: the items a job did after its last durable
 * checkpoint are done again when it resumes. This measures that bound, for a fault report to hold the
 * duplicates against: at each crash (the worker is dead, so nothing more is written for its jobs) the
 * checkpoint stored in Redis is read with the engines' own readers; at the end, the ledger says which
 * subjects the crashed execution had handled beyond it. Never from the jobs' own counters.
 */

/** What a crash left a job: which execution died, and how far its durable checkpoint reached. */
export interface CrashSnapshot {
  jobId: string;
  /** The execution number the crashed run wrote into the ledger (BullMQ's attemptsStarted). */
  execution: number;
  /** How many of the job's subjects (in order) the stored checkpoint covers. */
  durableSubjects: number;
}

/** The continuable demo step that walks the items (the others do no per-item work). */
const ITEM_STEP: Record<DemoJob, string> = { orders: 'process', reports: 'reports', email: 'send' };

/** Whether a worker's forwarded lifecycle events say a job ended its execution there. */
const EXECUTION_ENDS = new Set(['continuable.interrupt', 'continuable.completed', 'iteration.interrupted', 'iteration.completed', 'iteration.failed', 'iteration.aborted']);

/** The jobs a worker was running when it died: those whose last event from it did not end their execution. */
export function jobsRunningOn(events: readonly { name: string; payload: unknown }[]): string[] {
  const last = new Map<string, string>();
  for (const event of events) {
    const jobId = (event.payload as { jobId?: unknown } | null)?.jobId;
    if (typeof jobId === 'string') last.set(jobId, event.name);
  }
  return [...last].filter(([, name]) => !EXECUTION_ENDS.has(name)).map(([jobId]) => jobId);
}

/** Reads, right after a crash, the durable checkpoint of a job the dead worker ran. */
export async function snapshotAtCrash(
  { redis, queue, prefix }: { redis: RedisConnection; queue: Queue; prefix: string },
  job: { jobId: string; job: DemoJob; engine: Engine; subjectIds: readonly number[] },
): Promise<CrashSnapshot | undefined> {
  const bullJob = await queue.getJob(job.jobId);
  if (!bullJob) return undefined;
  const stored = await readStoredProgress(redis, queue, prefix, bullJob, job.engine);
  return { jobId: job.jobId, execution: Math.max(1, bullJob.attemptsStarted), durableSubjects: coveredSubjects(stored, job.job, job.subjectIds) };
}

function coveredSubjects(stored: OperatorProgress, job: DemoJob, subjectIds: readonly number[]): number {
  const progress = stored.progress;
  if (stored.engine === 'continuable' && stored.progress.completedSteps.includes(ITEM_STEP[job])) return subjectIds.length;
  if (stored.engine === 'continuable' && stored.progress.step !== ITEM_STEP[job]) return 0;
  if (!progress.stored || typeof progress.cursor !== 'number') return 0; // nothing durable: all of it may run again
  const cursor = progress.cursor;
  return subjectIds.filter((id) => id <= cursor).length;
}

/** Subjects the crashed execution handled beyond its durable checkpoint: what a resumed run may do again. */
export async function workAfterCheckpoint(em: EntityManager, crash: CrashSnapshot, family: string, subjectIds: readonly number[]): Promise<number> {
  const rows = await em.execute<{ subject_id: number }[]>(
    `select distinct subject_id from side_effects
      where job_id = ? and execution = ? and kind like ? and kind not like '%.replayed' and kind not like '%.error'`,
    [crash.jobId, crash.execution, `${family}.%`],
  );
  const beyond = new Set(subjectIds.slice(crash.durableSubjects));
  return rows.filter((row) => beyond.has(row.subject_id)).length;
}
