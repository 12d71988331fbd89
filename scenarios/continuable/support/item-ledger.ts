import type { MikroORM } from '@mikro-orm/postgresql';
import type { Job } from 'bullmq';
import { duplicateSubjects, ledgerEntries, recordEffect } from '../../../src/domain/side-effect-ledger.js';

/** The ledger kind the spec jobs write: one row per item processed. */
export const ITEM = 'spec.item';

/** Appends "this job processed `item` in this execution" to the side-effect ledger. */
export async function recordItem(orm: MikroORM, job: Job, item: number, kind = ITEM): Promise<void> {
  await recordEffect(orm.em.fork(), {
    jobId: String(job.id),
    engine: 'continuable',
    kind,
    subjectId: item,
    execution: job.attemptsStarted,
    idempotencyKey: `${kind}:${item}`,
  });
}

/** The items the job processed, in the order it processed them (repeats included). */
export async function itemsDone(orm: MikroORM, jobId: string, kind = ITEM): Promise<number[]> {
  return (await ledgerEntries(orm.em.fork(), jobId, kind)).map((entry) => entry.subjectId);
}

/** The items processed in each execution, e.g. { 1: [1, 2, 3], 2: [4, 5] }. */
export async function itemsByExecution(orm: MikroORM, jobId: string, kind = ITEM): Promise<Record<number, number[]>> {
  const byExecution: Record<number, number[]> = {};
  for (const entry of await ledgerEntries(orm.em.fork(), jobId, kind)) {
    (byExecution[entry.execution] ??= []).push(entry.subjectId);
  }
  return byExecution;
}

/** Items processed more than once: empty means "none twice". */
export async function itemsDoneTwice(orm: MikroORM, jobId: string, kind = ITEM): Promise<number[]> {
  return (await duplicateSubjects(orm.em.fork(), jobId, kind)).map((row) => row.subjectId);
}

/** 1..n, the items a job is given. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, index) => index + 1);
}
