import type { MikroORM } from '@mikro-orm/postgresql';
import type { Job } from 'bullmq';
import { duplicateSubjects, ledgerEntries, recordEffect } from '../../../src/domain/side-effect-ledger.js';
import type { Engine } from '../../../src/domain/types.js';

/** The ledger kind the spec jobs write: one row per item processed. */
export const ITEM = 'spec.item';

/** Which job, engine and execution a ledger row belongs to. */
export interface ItemOrigin {
  jobId: string;
  engine: Engine;
  /** 1 for the job's first run, +1 per resume, retry or crash recovery. */
  execution: number;
}

/** The origin of a continuable job's rows: its execution is the BullMQ attempt that runs it. */
export function continuableOrigin(job: Job): ItemOrigin {
  return { jobId: String(job.id), engine: 'continuable', execution: job.attemptsStarted };
}

/** Appends "this job processed `subject` in this execution" to the side-effect ledger. */
export async function recordItem(orm: MikroORM, origin: ItemOrigin, subject: number, kind = ITEM): Promise<void> {
  await recordEffect(orm.em.fork(), { ...origin, kind, subjectId: subject, idempotencyKey: `${kind}:${subject}` });
}

/** The subjects the job processed, in the order it processed them (repeats included). */
export async function itemsDone(orm: MikroORM, jobId: string, kind = ITEM): Promise<number[]> {
  return (await ledgerEntries(orm.em.fork(), jobId, kind)).map((entry) => entry.subjectId);
}

/** The subjects processed in each execution, e.g. { 1: [1, 2, 3], 2: [4, 5] }. */
export async function itemsByExecution(orm: MikroORM, jobId: string, kind = ITEM): Promise<Record<number, number[]>> {
  const byExecution: Record<number, number[]> = {};
  for (const entry of await ledgerEntries(orm.em.fork(), jobId, kind)) (byExecution[entry.execution] ??= []).push(entry.subjectId);
  return byExecution;
}

/** Subjects processed more than once: empty means "none twice". */
export async function itemsDoneTwice(orm: MikroORM, jobId: string, kind = ITEM): Promise<number[]> {
  return (await duplicateSubjects(orm.em.fork(), jobId, kind)).map((row) => row.subjectId);
}

/** 1..n: the items a continuable spec job is given. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, index) => index + 1);
}

/** 0..n-1: the items of times(n) and the indexes of array(...). */
export function upTo(n: number): number[] {
  return Array.from({ length: n }, (_, index) => index);
}
