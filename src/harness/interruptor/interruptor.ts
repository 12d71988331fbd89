import type { ControlFlags } from 'resumable-jobs/runtime';
import type { WorkerProcess } from '../worker-process/worker-process.js';

export interface JobAddress {
  queueName: string;
  jobId: string;
}

/**
 * The seed plan's four ways to interrupt a running job, each against a real worker:
 *
 * - **sigterm**: what a deploy does. The worker process gets a real SIGTERM, its jobs checkpoint
 *   and re-enqueue, the process exits; a new worker process picks the job up.
 * - **flag**: deterministic. A control key in Redis asks the job to stop once its cursor reaches a
 *   value (e.g. order 300); the worker compares the cursor locally after every item.
 * - **time**: stop after N ms of the current execution.
 * - **progress**: stop after exactly N items of the current execution.
 *
 * Flags are one-shot: the job deletes its flag when it honours it, so the resumed execution runs on.
 * (For a limit on every execution, start the worker with `limits: { maxRuntimeMs | itemBudget }`.)
 */
export class Interruptor {
  constructor(private readonly flags: ControlFlags) {}

  /** Deploy-style: SIGTERM, then wait for the process to checkpoint its jobs and exit. */
  async sigterm(worker: WorkerProcess): Promise<number | NodeJS.Signals> {
    worker.kill('SIGTERM');
    return worker.exited;
  }

  /** Crash-style: SIGKILL, no chance to checkpoint; BullMQ's stalled check recovers the job. */
  async sigkill(worker: WorkerProcess): Promise<number | NodeJS.Signals> {
    worker.kill('SIGKILL');
    return worker.exited;
  }

  flagAtCursor(job: JobAddress, cursor: unknown): Promise<void> {
    return this.flags.set(job.queueName, job.jobId, { kind: 'at-cursor', cursor });
  }

  flagNow(job: JobAddress): Promise<void> {
    return this.flags.set(job.queueName, job.jobId, { kind: 'now' });
  }

  afterMs(job: JobAddress, ms: number): Promise<void> {
    return this.flags.set(job.queueName, job.jobId, { kind: 'after-ms', ms });
  }

  afterItems(job: JobAddress, items: number): Promise<void> {
    return this.flags.set(job.queueName, job.jobId, { kind: 'after-items', items });
  }
}
