import { Queue, Worker } from 'bullmq';
import { connectRedis } from 'resumable-jobs/runtime';
import type { JobClass } from 'resumable-jobs/runtime';
import { jobNameOf, type Runtime } from 'resumable-jobs/runtime';
import type { IsolatedStack } from '../support/isolated-stack.js';
import type { BenchServices } from './order-jobs.js';
import { plainProcessor } from './plain-processors.js';
import { WorkerTimings } from './worker-timings.js';

let labs = 0;

/**
 * In-process workers for whole-job timings: a runtime worker for the engines' jobs and a plain
 * BullMQ worker for the baselines, one job at a time each, on the isolated stack. `run*` enqueue one
 * job and resolve with its worker time (active → completed, detected the same way for both: see
 * WorkerTimings) once it completed.
 */
export class JobLab {
  private next = 0;
  private closing: Promise<void> | undefined;

  private constructor(
    readonly runtime: Runtime<BenchServices>,
    private readonly plainQueue: Queue,
    readonly timings: WorkerTimings,
    private readonly release: () => Promise<void>,
  ) {}

  /** Workers on queues of their own: a lab never runs another lab's jobs. */
  static async open(env: IsolatedStack, classes: JobClass<BenchServices>[]): Promise<JobLab> {
    const lab = ++labs;
    const runtime = env.runtime<BenchServices>({ services: { orm: env.orm }, queueName: `bench-engines-${lab}` }).register(...classes);
    const engineWorker = runtime.startWorker({ concurrency: 1 });
    const connection = connectRedis(env.redisUrl, { maxRetriesPerRequest: null });
    const plainWorker = new Worker(`bench-plain-${lab}`, plainProcessor(env.orm), { connection, prefix: env.prefix, concurrency: 1 });
    const plainQueue = new Queue(`bench-plain-${lab}`, { connection, prefix: env.prefix });
    const release = async () => {
      await Promise.all([runtime.close(), plainWorker.close()]);
      await plainQueue.close();
      await connection.quit().catch(() => connection.disconnect());
    };
    const timings = new WorkerTimings(engineWorker, plainWorker);
    const jobLab = new JobLab(runtime, plainQueue, timings, release);
    env.onClose(() => jobLab.close());
    await Promise.all([engineWorker.waitUntilReady(), plainWorker.waitUntilReady()]);
    return jobLab;
  }

  /** Stops the workers and closes the queues; safe to call twice. */
  close(): Promise<void> {
    this.closing ??= this.release();
    return this.closing;
  }

  /** A fresh job id, so every run is a job of its own. */
  jobId(label: string): string {
    return `${label}-${++this.next}`;
  }

  /** Runs an engine job with `args`, or with raw job `data` when given (a stored cursor to resume from). */
  async runEngine(cls: JobClass<BenchServices>, args: unknown, options: { data?: unknown; jobId?: string } = {}): Promise<{ ms: number; jobId: string }> {
    const jobId = options.jobId ?? this.jobId(jobNameOf(cls));
    if (options.data === undefined) await this.runtime.enqueue(cls, args, { jobId });
    else await this.runtime.queue().add(jobNameOf(cls), options.data, { jobId });
    return { ms: await this.timings.workerMs(this.runtime.queue(), jobNameOf(cls), jobId), jobId };
  }

  /** Runs one of the plain BullMQ baselines (PLAIN_JOBS) with `data`. */
  async runPlain(name: string, data: unknown): Promise<{ ms: number; jobId: string }> {
    const jobId = this.jobId(name);
    await this.plainQueue.add(name, data, { jobId });
    return { ms: await this.timings.workerMs(this.plainQueue, name, jobId), jobId };
  }
}
