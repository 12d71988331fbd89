import { performance } from 'node:perf_hooks';
import type { Worker } from 'bullmq';
import { JobDidNotCompleteError } from './errors/job-did-not-complete-error.js';

/**
 * Each job's time in an in-process worker, from its 'active' event (fetched and locked) to its
 * 'completed' event (stored as completed), timed with performance.now(). It spans what BullMQ's
 * processedOn → finishedOn spans, at µs rather than ms resolution: a no-op job lasts only a few ms.
 */
export class WorkerTimings {
  private readonly started = new Map<string, number>();
  private readonly durations = new Map<string, number>();
  private readonly waiting = new Map<string, (ms: number) => void>();

  constructor(worker: Worker) {
    worker.on('active', (job) => this.started.set(String(job.id), performance.now()));
    worker.on('completed', (job) => {
      const jobId = String(job.id);
      const start = this.started.get(jobId);
      if (start === undefined) return;
      const ms = performance.now() - start;
      this.durations.set(jobId, ms);
      this.waiting.get(jobId)?.(ms);
    });
  }

  /** The job's worker time in ms; waits briefly, as the event may follow the state a poll saw. */
  async workerMs(jobName: string, jobId: string, timeoutMs = 5_000): Promise<number> {
    const known = this.durations.get(jobId);
    if (known !== undefined) return known;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await new Promise<number>((resolve, reject) => {
        this.waiting.set(jobId, resolve);
        timer = setTimeout(
          () => reject(new JobDidNotCompleteError(jobName, jobId, 'completed', `the worker emitted no 'completed' event within ${timeoutMs} ms`)),
          timeoutMs,
        );
      });
    } finally {
      clearTimeout(timer);
      this.waiting.delete(jobId);
    }
  }
}
