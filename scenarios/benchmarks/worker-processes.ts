import { fileURLToPath } from 'node:url';
import { spawnWorkerProcess, type WorkerProcess } from '../../src/harness/worker-process/worker-process.js';
import type { IsolatedStack } from '../support/isolated-stack.js';
import type { Job } from 'bullmq';
import { jobNameOf, type Runtime } from 'resumable-jobs/runtime';
import type { CrashRecoverySettings } from 'resumable-jobs/runtime';
import { PacedContinuable, PacedIteration, PacedPlain, type PacedArgs } from './paced-jobs.js';
import type { Engine } from '../../src/harness/reporting/types.js';

const benchWorkerModule = fileURLToPath(new URL('./bench-worker.ts', import.meta.url));

export const pacedJobs: Record<Engine, typeof PacedContinuable | typeof PacedIteration> = {
  continuable: PacedContinuable,
  iteration: PacedIteration,
};

/** The event each engine emits once its progress is durable after a SIGTERM. */
export const CHECKPOINTED_ON_STOP: Record<Engine, string> = {
  continuable: 'continuable.resume-scheduled',
  iteration: 'iteration.interrupted',
};

export interface BenchWorkerOptions {
  /** Both engines' durable interval (continuable `checkpointEveryMs`, iteration `flushIntervalMs`). */
  durableEveryMs?: number;
  /** Jobs at once (default 1). */
  concurrency?: number;
  /** Default: the runtime's own. */
  crashRecovery?: CrashRecoverySettings;
  /** Longest wait for active jobs after SIGTERM before the worker is closed by force. */
  shutdownTimeoutMs?: number;
  /** Forward lifecycle events to the parent (default true); off where the bench waits on none. */
  forwardLifecycleEvents?: boolean;
}

/** A real worker process running the paced jobs on `queueName`, stopped when the stack closes. */
export async function spawnBenchWorker(env: IsolatedStack, queueName: string, options: BenchWorkerOptions = {}): Promise<WorkerProcess> {
  const worker = await spawnWorkerProcess(
    {
      module: benchWorkerModule,
      redisUrl: env.redisUrl,
      databaseUrl: env.databaseUrl,
      prefix: env.prefix,
      queueName,
      concurrency: options.concurrency ?? 1,
      crashRecovery: options.crashRecovery,
      shutdownTimeoutMs: options.shutdownTimeoutMs,
      forwardLifecycleEvents: options.forwardLifecycleEvents,
      settings: { durableEveryMs: options.durableEveryMs },
    },
    120_000,
  );
  env.onClose(() => worker.stop(5_000));
  return worker;
}

/** A paced job as plain BullMQ would run it: no checkpoint, restarts from item 0. */
export type PacedVariant = Engine | 'plain';

const pacedClasses: Record<PacedVariant, typeof PacedContinuable | typeof PacedIteration | typeof PacedPlain> = { ...pacedJobs, plain: PacedPlain };

/** Adds paced jobs in one round trip, with ids of their own. */
export async function enqueuePacedBulk(runtime: Runtime<unknown>, variant: PacedVariant, argsOf: (index: number) => PacedArgs, count: number, queueName: string): Promise<string[]> {
  const cls = pacedClasses[variant];
  const jobs = await runtime.queue(queueName).addBulk(Array.from({ length: count }, (_, i) => ({ name: jobNameOf(cls), data: cls.jobData(argsOf(i)) })));
  return jobs.map((job) => String(job.id));
}

/** Adds a paced job for a worker process to run (the parent only enqueues; it runs no jobs). */
export function enqueuePaced(runtime: Runtime<unknown>, engine: Engine, args: PacedArgs, queueName: string): Promise<Job> {
  const cls = pacedJobs[engine];
  return runtime.queue(queueName).add(jobNameOf(cls), cls.jobData(args));
}
