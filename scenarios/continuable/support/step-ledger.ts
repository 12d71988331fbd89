import type { MikroORM } from '@mikro-orm/postgresql';
import type { Job } from 'bullmq';
import { continuableOrigin, itemsByExecution, recordItem } from '../../support/spec/item-ledger.js';

/** The ledger kind for "this step's body ran": subject = the step's position (1-based). */
export const STEP_RAN = 'spec.step';

/** Records that step number `position` ran in this execution. */
export function recordStep(orm: MikroORM, job: Job, position: number): Promise<void> {
  return recordItem(orm, continuableOrigin(job), position, STEP_RAN);
}

/** Which step positions ran in which execution, e.g. { 1: [1, 2], 2: [3] }. */
export function stepsByExecution(orm: MikroORM, jobId: string): Promise<Record<number, number[]>> {
  return itemsByExecution(orm, jobId, STEP_RAN);
}
