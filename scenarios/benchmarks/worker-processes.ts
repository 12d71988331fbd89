import { fileURLToPath } from 'node:url';
import { spawnWorkerProcess, type WorkerProcess } from '../../src/harness/worker-process/worker-process.js';
import type { IsolatedStack } from '../support/isolated-stack.js';
import type { Job } from 'bullmq';
import { jobNameOf, type Runtime } from 'resumable-jobs/runtime';
import { PacedContinuable, PacedIteration, type PacedArgs } from './paced-jobs.js';
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

/** A real worker process running the paced jobs on `queueName`, stopped when the stack closes. */
export async function spawnBenchWorker(env: IsolatedStack, queueName: string, durableEveryMs?: number): Promise<WorkerProcess> {
  const worker = await spawnWorkerProcess({
    module: benchWorkerModule,
    redisUrl: env.redisUrl,
    databaseUrl: env.databaseUrl,
    prefix: env.prefix,
    queueName,
    concurrency: 1,
    settings: { durableEveryMs },
  });
  env.onClose(() => worker.stop(5_000));
  return worker;
}

/** Adds a paced job for a worker process to run (the parent only enqueues; it runs no jobs). */
export function enqueuePaced(runtime: Runtime<unknown>, engine: Engine, args: PacedArgs, queueName: string): Promise<Job> {
  const cls = pacedJobs[engine];
  return runtime.queue(queueName).add(jobNameOf(cls), cls.jobData(args));
}
