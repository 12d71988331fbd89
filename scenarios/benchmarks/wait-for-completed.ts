import { setTimeout as sleep } from 'node:timers/promises';
import { Job, type Queue } from 'bullmq';
import { JobDidNotCompleteError } from './errors/job-did-not-complete-error.js';

export interface WaitForCompletedOptions {
  timeoutMs?: number;
  /** Short: the poll's granularity is part of every end-to-end sample. */
  intervalMs?: number;
}

/**
 * Polls the job's state until it is completed and returns the job as stored then (with its
 * processedOn/finishedOn times); fails fast on 'failed', and at the deadline.
 */
export async function waitForCompleted(queue: Queue, job: Job, options: WaitForCompletedOptions = {}): Promise<Job> {
  const { timeoutMs = 30_000, intervalMs = 1 } = options;
  const jobId = String(job.id);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await job.getState();
    if (state === 'completed' || state === 'failed') {
      const stored = await Job.fromId(queue, jobId);
      if (state === 'completed' && stored) return stored;
      throw new JobDidNotCompleteError(job.name, jobId, state, stored?.failedReason || 'no reason recorded');
    }
    if (Date.now() >= deadline) {
      throw new JobDidNotCompleteError(job.name, jobId, state, `not completed within ${timeoutMs} ms`);
    }
    await sleep(intervalMs);
  }
}
