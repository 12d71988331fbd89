import type { MikroORM } from '@mikro-orm/postgresql';
import { duplicateSubjects, ledgerEntries, recordEffect } from '../../../src/domain/side-effect-ledger.js';

/** The ledger kind the iteration spec jobs write: one row per item processed. */
export const ITEM = 'spec.item';

/** Appends "this job processed `subject` in this execution" to the side-effect ledger. */
export async function recordItem(orm: MikroORM, jobId: string, execution: number, subject: number, kind = ITEM): Promise<void> {
  await recordEffect(orm.em.fork(), {
    jobId,
    engine: 'iteration',
    kind,
    subjectId: subject,
    execution,
    idempotencyKey: `${kind}:${subject}`,
  });
}

/** The subjects the job processed, in the order it processed them (repeats included). */
export async function itemsDone(orm: MikroORM, jobId: string, kind = ITEM): Promise<number[]> {
  return (await ledgerEntries(orm.em.fork(), jobId, kind)).map((entry) => entry.subjectId);
}

/** The subjects processed in each execution, e.g. { 1: [1, 2], 2: [3, 4] }. */
export async function itemsByExecution(orm: MikroORM, jobId: string, kind = ITEM): Promise<Record<number, number[]>> {
  const byExecution: Record<number, number[]> = {};
  for (const entry of await ledgerEntries(orm.em.fork(), jobId, kind)) (byExecution[entry.execution] ??= []).push(entry.subjectId);
  return byExecution;
}

/** Subjects processed more than once: empty means "none twice". */
export async function itemsDoneTwice(orm: MikroORM, jobId: string, kind = ITEM): Promise<number[]> {
  return (await duplicateSubjects(orm.em.fork(), jobId, kind)).map((row) => row.subjectId);
}

/** 0..n-1: the items of times(n) and the indexes of array(...). */
export function upTo(n: number): number[] {
  return Array.from({ length: n }, (_, index) => index);
}
