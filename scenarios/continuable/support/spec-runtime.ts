import type { MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Job, type Worker } from 'bullmq';
import { jobNameOf, type Runtime } from '../../../src/runtime/runtime.js';
import type { InterruptionLimits, JobClass } from '../../../src/runtime/types.js';
import type { ScenarioEnvironment } from '../../support/scenario-environment.js';
import { waitFor } from '../../support/wait-for.js';
import { EventLog } from './event-log.js';

/** What the spec jobs get as services: the scenario's ORM (for the ledger) plus story-specific hooks. */
export type SpecServices<Extra = object> = { orm: MikroORM } & Extra;

export interface SpecRuntime<Extra extends object> {
  runtime: Runtime<SpecServices<Extra>>;
  services: SpecServices<Extra>;
  events: EventLog;
  /** One worker per queue, in the order given. */
  workers: Worker[];
  /** Adds a job (its data built by the class's jobData) and returns its id (unique unless given). */
  enqueue(cls: JobClass<SpecServices<Extra>>, args: unknown, options?: { jobId?: string; attempts?: number; queueName?: string }): Promise<string>;
  /** The job as Redis holds it now. */
  stored(jobId: string, queueName?: string): Promise<Job>;
  /** Waits until the job is in `state` (completed, failed, delayed…) and returns it fresh from Redis. */
  settled(jobId: string, state: string, queueName?: string): Promise<Job>;
}

/**
 * A runtime on the scenario's Redis prefix with the given jobs, a worker per queue, and an event
 * log; closed with the scenario environment.
 */
export async function startSpecRuntime<Extra extends object = object>(
  env: ScenarioEnvironment,
  jobs: JobClass<SpecServices<Extra>>[],
  options: { extra?: Extra; limits?: InterruptionLimits; queues?: string[]; startWorkers?: boolean } = {},
): Promise<SpecRuntime<Extra>> {
  // The extra object itself becomes the services, so a story can change a hook while jobs run.
  const services = Object.assign(options.extra ?? ({} as Extra), { orm: env.orm }) as SpecServices<Extra>;
  const runtime = env.runtime<SpecServices<Extra>>({ services, limits: options.limits });
  runtime.register(...jobs);
  const events = new EventLog(runtime.events);
  const queues = options.queues ?? [runtime.defaultQueueName];
  const workers = options.startWorkers === false ? [] : queues.map((queueName) => runtime.startWorker({ queueName }));
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));

  const stored = async (jobId: string, queueName?: string): Promise<Job> => {
    const job = await Job.fromId(runtime.queue(queueName), jobId);
    if (!job) throw new Error(`job ${jobId} is not in queue ${queueName ?? runtime.defaultQueueName}`);
    return job;
  };
  return {
    runtime,
    services,
    events,
    workers,
    async enqueue(cls, args, { queueName, jobId, ...jobOptions } = {}) {
      // Ids unique across the file's queues and runtimes: the ledger tells jobs apart by id alone.
      const id = jobId ?? `${jobNameOf(cls)}-${randomUUID().slice(0, 8)}`;
      // The engine's stories count attempts themselves: one, unless a story asks for more.
      const job = await runtime.enqueue(cls, args, { queueName, jobId: id, attempts: 1, ...jobOptions });
      return String(job.id);
    },
    stored,
    async settled(jobId, state, queueName) {
      await waitFor(
        `job ${jobId} to be ${state}`,
        () => runtime.queue(queueName).getJobState(jobId),
        (current) => current === state,
        { timeoutMs: 15_000, intervalMs: 10 },
      );
      return stored(jobId, queueName);
    },
  };
}
