import type { Job } from 'bullmq';
import type { DemoJob, Engine } from '../reporting/types.js';
import { subjectIdsOf, type DemoJobArgs } from './demo-data.js';
import { demoJobOf } from './demo-jobs.js';
import { NotADemoJobError, UnknownDemoJobError } from './errors.js';
import type { OperatorContext } from './operator-context.js';

/** A demo job as the operator sees it: the BullMQ job, which demo job on which engine, its subjects. */
export interface DemoJobView {
  bullJob: Job;
  jobId: string;
  job: DemoJob;
  engine: Engine;
  args: DemoJobArgs;
  state: string;
  /** What its arguments select, ascending: "item N" is subjectIds[N - 1]. */
  subjectIds: number[];
}

export const ALL_STATES = ['active', 'waiting', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'] as const;

/** Loads one job by id, or fails with one line (unknown id, or not a demo job). */
export async function loadDemoJob(context: OperatorContext, jobId: string): Promise<DemoJobView> {
  const bullJob = await context.runtime.queue().getJob(jobId);
  if (!bullJob) throw new UnknownDemoJobError(jobId);
  return viewOf(context, bullJob);
}

/** Every demo job in the queue, oldest first. */
export async function listDemoJobs(context: OperatorContext): Promise<DemoJobView[]> {
  const jobs = (await context.runtime.queue().getJobs([...ALL_STATES], 0, -1, true)).filter((job) => job && demoJobOf(job.name));
  return Promise.all(jobs.map((job) => viewOf(context, job)));
}

async function viewOf(context: OperatorContext, bullJob: Job): Promise<DemoJobView> {
  const jobId = String(bullJob.id);
  const kind = demoJobOf(bullJob.name);
  if (!kind) throw new NotADemoJobError(jobId, bullJob.name);
  const args = ((bullJob.data ?? {}) as { args?: DemoJobArgs }).args ?? {};
  const [state, subjectIds] = await Promise.all([bullJob.getState(), subjectIdsOf(context.orm.em.fork(), kind.job, args)]);
  return { bullJob, jobId, ...kind, args, state, subjectIds };
}
