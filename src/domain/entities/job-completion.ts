import { defineEntity, type InferEntity } from '@mikro-orm/core';

export const COMPLETED_JOBS = ['orders', 'reports', 'email'] as const;
export type CompletedJob = (typeof COMPLETED_JOBS)[number];

/** Written by a job's finalize step (continuable) or onComplete callback (iteration). */
export const JobCompletion = defineEntity({
  name: 'JobCompletion',
  tableName: 'job_completions',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    jobId: p.text(),
    engine: p.text(),
    job: p.enum([...COMPLETED_JOBS]),
    /** How many items the job reports it handled (for the reporter; the ledger is the truth). */
    items: p.integer(),
    createdAt: p.datetime().defaultRaw('current_timestamp').onCreate(() => new Date()),
  }),
  indexes: [{ properties: ['jobId'] }],
});

export type JobCompletion = InferEntity<typeof JobCompletion>;
