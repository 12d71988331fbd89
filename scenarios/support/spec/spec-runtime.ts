import type { MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Job, type Worker } from 'bullmq';
import { jobNameOf, type Runtime } from 'resumable-jobs/runtime';
import type { InterruptionLimits, JobClass } from 'resumable-jobs/runtime';
import type { ScenarioEnvironment } from '../scenario-environment.js';
import { waitFor } from '../wait-for.js';
import { CallbackLog } from './callback-log.js';
import { ContinuableEventLog } from './continuable-event-log.js';
import type { SpecServices } from './spec-services.js';

export interface EnqueueOptions {
  /** Default: the job's name and a random suffix, unique across the file (the ledger tells jobs apart by id). */
  jobId?: string;
  attempts?: number;
  /** Fixed BullMQ backoff between attempts, in ms. */
  backoff?: number;
  queueName?: string;
}

export interface SpecRuntimeOptions<Extra> {
  /** The story's own knobs, spread into the services (the same object: change it while jobs run). */
  extra?: Extra;
  /** The database the jobs write to; default the scenario's. */
  orm?: MikroORM;
  /** Per-execution limits of the workers started with the runtime. */
  limits?: InterruptionLimits;
  /** One worker per queue, in the order given; default the runtime's own queue. */
  queues?: string[];
  /** false: no worker yet, call startWorker() when the story needs one. */
  startWorkers?: boolean;
}

/** What both engines' spec scenarios share: a runtime on the scenario's prefix and the ways to drive and read jobs. */
export interface SpecRuntime<Extra = object> {
  env: ScenarioEnvironment;
  runtime: Runtime<SpecServices<Extra>>;
  services: SpecServices<Extra>;
  callbacks: CallbackLog;
  /** The workers started with the runtime, one per queue. */
  workers: Worker[];
  /** Starts one more worker (with per-execution limits, e.g. an item budget). */
  startWorker(limits?: InterruptionLimits, queueName?: string): Promise<Worker>;
  /** Adds a job (data = the class's jobData(args)) and returns its id. */
  enqueue(cls: JobClass<SpecServices<Extra>>, args: unknown, options?: EnqueueOptions): Promise<string>;
  /** The job as Redis holds it now. */
  stored(jobId: string, queueName?: string): Promise<Job>;
  /** Waits until the job is in `state` (completed, failed, delayed…) and returns it fresh from Redis. */
  settled(jobId: string, state: string, queueName?: string): Promise<Job>;
  /** For a job parked in delayed (a long backoff or resume delay): wait until delayed, then run it now. */
  resume(jobId: string, queueName?: string): Promise<void>;
  /** When a delayed job is due (epoch ms), read from BullMQ's delayed set; undefined if it is not delayed. */
  dueAt(jobId: string, queueName?: string): Promise<number | undefined>;
}

/** A runtime with the given jobs registered on the scenario's prefix; closed with the scenario environment. */
export async function openSpecRuntime<Extra extends object = object>(
  env: ScenarioEnvironment,
  jobs: JobClass<SpecServices<Extra>>[],
  options: SpecRuntimeOptions<Extra> = {},
): Promise<SpecRuntime<Extra>> {
  const callbacks = new CallbackLog();
  const services = Object.assign(options.extra ?? ({} as Extra), { orm: options.orm ?? env.orm, callbacks }) as SpecServices<Extra>;
  const runtime = env.runtime<SpecServices<Extra>>({ services, limits: options.limits });
  runtime.register(...jobs);
  const startWorker = async (limits?: InterruptionLimits, queueName?: string): Promise<Worker> => {
    const worker = runtime.startWorker({ queueName, limits });
    await worker.waitUntilReady();
    return worker;
  };
  const queues = options.queues ?? [runtime.defaultQueueName];
  const workers = options.startWorkers === false ? [] : await Promise.all(queues.map((queueName) => startWorker(undefined, queueName)));

  const stored = async (jobId: string, queueName?: string): Promise<Job> => {
    const job = await Job.fromId(runtime.queue(queueName), jobId);
    if (!job) throw new Error(`job ${jobId} is not in queue ${queueName ?? runtime.defaultQueueName}`);
    return job;
  };
  const settled = async (jobId: string, state: string, queueName?: string): Promise<Job> => {
    await waitFor(
      `job ${jobId} to be ${state}`,
      () => runtime.queue(queueName).getJobState(jobId),
      (current) => current === state,
      { timeoutMs: 15_000, intervalMs: 10 },
    );
    return stored(jobId, queueName);
  };
  return {
    env,
    runtime,
    services,
    callbacks,
    workers,
    startWorker,
    async enqueue(cls, args, { jobId, backoff, ...jobOptions } = {}) {
      const id = jobId ?? `${jobNameOf(cls)}-${randomUUID().slice(0, 8)}`;
      const job = await runtime.enqueue(cls, args, {
        jobId: id,
        ...jobOptions,
        // The engines' stories count attempts themselves: one, unless a story asks for more.
        attempts: jobOptions.attempts ?? 1,
        backoff: backoff === undefined ? undefined : { type: 'fixed', delay: backoff },
      });
      return String(job.id);
    },
    stored,
    settled,
    async resume(jobId, queueName) {
      const job = await settled(jobId, 'delayed', queueName);
      await job.promote();
    },
    async dueAt(jobId, queueName = runtime.defaultQueueName) {
      const score = await runtime.redis.zscore(`${runtime.prefix}:${queueName}:delayed`, jobId);
      // BullMQ scores a delayed job as dueTimestamp * 0x1000 plus a 12-bit tie-breaker.
      return score === null ? undefined : Math.floor(Number(score) / 0x1000);
    },
  };
}

/** A continuable spec runtime: workers started at once, and the continuable event log. */
export interface ContinuableSpec<Extra = object> extends SpecRuntime<Extra> {
  events: ContinuableEventLog;
}

/** The continuable scenarios' world on the given environment (call in beforeAll). */
export async function startSpecRuntime<Extra extends object = object>(
  env: ScenarioEnvironment,
  jobs: JobClass<SpecServices<Extra>>[],
  options: SpecRuntimeOptions<Extra> = {},
): Promise<ContinuableSpec<Extra>> {
  const spec = await openSpecRuntime(env, jobs, { ...options, startWorkers: options.startWorkers ?? true });
  return { ...spec, events: new ContinuableEventLog(spec.runtime.events) };
}
