import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Queue, Worker } from 'bullmq';
import { JobDidNotCompleteError } from './errors.js';

/** How often the job's state is read while waiting for it to finish: the same for every variant. */
export const COMPLETION_POLL_MS = 2;

/** How every variant's completion is detected, in the report's words. */
export const COMPLETION_METHOD =
  `every variant is timed the same way: from its worker's 'active' event to the first read of the job's state in Redis that says completed ` +
  `(read every ${COMPLETION_POLL_MS} ms by the same loop for every variant, engines and plain BullMQ alike)`;

/**
 * Each job's time in an in-process worker: from its 'active' event (fetched and locked), timed with
 * performance.now(), to the moment a poll of its state in Redis first reads `completed`. Every
 * variant, plain or engine, is detected by the same poll: a variant detected by the worker's
 * 'completed' event instead runs with an idle event loop between its queries while the others share
 * theirs with the poll, and that alone moved the plain floor by 5-11%. The poll adds the same small
 * delay (≤ COMPLETION_POLL_MS + one Redis read) to every variant.
 */
export class WorkerTimings {
  private readonly started = new Map<string, number>();

  constructor(...workers: Worker[]) {
    for (const worker of workers) worker.on('active', (job) => this.started.set(String(job.id), performance.now()));
  }

  /** performance.now() when the worker picked the job up (its last execution). */
  pickedUpAt(jobId: string): number | undefined {
    return this.started.get(jobId);
  }

  /** The job's worker time in ms once it completes; rejects if it fails or runs past the deadline. */
  async workerMs(queue: Queue, jobName: string, jobId: string, timeoutMs = 600_000): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const state = await queue.getJobState(jobId);
      const now = performance.now();
      if (state === 'completed') {
        const started = this.started.get(jobId);
        if (started === undefined) throw new JobDidNotCompleteError(jobName, jobId, state, 'no active event was seen');
        return now - started;
      }
      if (state === 'failed') {
        const job = await queue.getJob(jobId);
        throw new JobDidNotCompleteError(jobName, jobId, state, job?.failedReason ?? 'no reason stored');
      }
      if (now > deadline) throw new JobDidNotCompleteError(jobName, jobId, state, `not completed within ${timeoutMs} ms`);
      await sleep(COMPLETION_POLL_MS);
    }
  }
}
