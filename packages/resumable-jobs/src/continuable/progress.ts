import type { Job } from 'bullmq';
import type { StoredProgress } from '../runtime/stored-progress.js';
import { parseJobData } from './job-data.js';

/** A continuable job's stored progress: its continuation and counters, from the job's data. */
export interface ContinuableProgress extends StoredProgress {
  engine: 'continuable';
  /** The step that was in progress when the job last stored its continuation; undefined: none. */
  step: string | undefined;
  completedSteps: string[];
  /** Which run of the job is (or was last) started: BullMQ's attemptsStarted (Rails `executions`). */
  executions: number;
  /** Executions that resumed a started continuation, as of the last time the job stopped. */
  resumptions: number;
  /** Re-enqueues after an error that followed progress (rather than an interrupt). */
  errorResumptions: number;
}

/**
 * Reads the continuation a continuable job stored in its BullMQ data, checked as the engine checks
 * it when it resumes (InvalidContinuationError for data it would refuse). `cursor` is the cursor of
 * the step in progress (undefined when no step is in progress). Runtime and flush time are not
 * stored by this engine, so they are absent.
 *
 *   const progress = readContinuableProgress(await queue.getJob(id));
 */
export function readContinuableProgress(job: Pick<Job, 'id' | 'name' | 'data' | 'attemptsStarted'>): ContinuableProgress {
  const jobId = String(job.id);
  const data = parseJobData(jobId, job.name, job.data);
  const current = data.continuation?.current;
  return {
    engine: 'continuable',
    jobId,
    stored: data.continuation !== undefined,
    step: current?.[0],
    cursor: current?.[1],
    completedSteps: [...(data.continuation?.completed ?? [])],
    executions: job.attemptsStarted ?? 0,
    resumptions: data.resumptions,
    errorResumptions: data.errorResumptions,
  };
}
