import type { MikroORM } from '@mikro-orm/postgresql';
import { expect } from 'vitest';
import { ledgerEntries } from '../../../src/domain/side-effect-ledger.js';
import { subjectIdsOf, type DemoJobArgs } from '../../../src/harness/operator/demo-data.js';
import { demoJobOf } from '../../../src/harness/operator/demo-jobs.js';
import type { Runtime } from 'resumable-jobs/runtime';

/** A finished demo job as the ledger shows it: its subjects in order, and each execution's subjects. */
export interface JobLedger {
  subjectIds: number[];
  executions: number[][];
}

/** Reads one job's rows from the ledger (never the job's own counters), grouped by execution. */
export async function readJobLedger(orm: MikroORM, runtime: Runtime<unknown>, jobId: string): Promise<JobLedger> {
  const job = await runtime.queue().getJob(jobId);
  expect(job, `job ${jobId} in the queue`).toBeDefined();
  const kind = demoJobOf(job!.name)!;
  const subjectIds = await subjectIdsOf(orm.em.fork(), kind.job, (job!.data as { args: DemoJobArgs }).args);
  const groups = new Map<number, number[]>();
  for (const entry of await ledgerEntries(orm.em.fork(), jobId)) {
    groups.set(entry.execution, [...(groups.get(entry.execution) ?? []), entry.subjectId]);
  }
  return { subjectIds, executions: [...groups.keys()].sort((a, b) => a - b).map((execution) => groups.get(execution)!) };
}

/** Every subject exactly once, and execution 2 starting at the subject right after `stoppedAfter` subjects. */
export function expectEveryItemOnceResumedAfter(ledger: JobLedger, stoppedAfter: number | 'any'): void {
  const all = ledger.executions.flat();
  expect([...all].sort((a, b) => a - b)).toEqual(ledger.subjectIds);
  expect(new Set(all).size).toBe(all.length);
  expect(ledger.executions.length).toBeGreaterThanOrEqual(2);
  const [first, second] = ledger.executions;
  if (stoppedAfter !== 'any') expect(first!.length).toBe(stoppedAfter);
  expect(second![0]).toBe(ledger.subjectIds[first!.length]);
}
