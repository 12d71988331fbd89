import { performance } from 'node:perf_hooks';
import type { Worker } from 'bullmq';
import { JobDidNotCompleteError } from './errors.js';

interface Outcome {
  ms?: number;
  failure?: string;
}

/**
 * Each job's time in an in-process worker, from its 'active' event (fetched and locked) to its
 * 'completed' event, timed with performance.now(): what BullMQ's processedOn → finishedOn spans,
 * at µs rather than ms resolution, without enqueueing or any polling. Also the moment each job was
 * picked up, for benchmarks that time "pickup to first item".
 */
export class WorkerTimings {
  private readonly started = new Map<string, number>();
  private readonly outcomes = new Map<string, Outcome>();
  private readonly waiting = new Map<string, (outcome: Outcome) => void>();

  constructor(...workers: Worker[]) {
    for (const worker of workers) {
      worker.on('active', (job) => this.started.set(String(job.id), performance.now()));
      worker.on('completed', (job) => this.settle(String(job.id), { ms: performance.now() - (this.started.get(String(job.id)) ?? NaN) }));
      worker.on('failed', (job, error) => job && this.settle(String(job.id), { failure: error.message }));
    }
  }

  /** performance.now() when the worker picked the job up (its last execution). */
  pickedUpAt(jobId: string): number | undefined {
    return this.started.get(jobId);
  }

  /** The job's worker time in ms once it completes; rejects if it fails or runs past the deadline. */
  async workerMs(jobName: string, jobId: string, timeoutMs = 600_000): Promise<number> {
    const outcome =
      this.outcomes.get(jobId) ??
      (await new Promise<Outcome>((resolve) => {
        const timer = setTimeout(() => resolve({ failure: `not completed within ${timeoutMs} ms` }), timeoutMs);
        this.waiting.set(jobId, (settled) => {
          clearTimeout(timer);
          resolve(settled);
        });
      }));
    this.waiting.delete(jobId);
    if (outcome.ms === undefined || !Number.isFinite(outcome.ms)) {
      throw new JobDidNotCompleteError(jobName, jobId, 'not completed', outcome.failure ?? 'no active event was seen');
    }
    return outcome.ms;
  }

  private settle(jobId: string, outcome: Outcome): void {
    this.outcomes.set(jobId, outcome);
    this.waiting.get(jobId)?.(outcome);
  }
}
