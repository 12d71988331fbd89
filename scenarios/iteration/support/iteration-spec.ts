import type { MikroORM } from '@mikro-orm/postgresql';
import { Job, type Worker } from 'bullmq';
import { CheckpointStore } from '../../../src/iteration/checkpoint-store.js';
import type { Runtime } from '../../../src/runtime/runtime.js';
import type { InterruptionLimits, JobClass } from '../../../src/runtime/types.js';
import { openScenario, type ScenarioEnvironment } from '../../support/scenario-environment.js';
import { waitFor } from '../../support/wait-for.js';
import { CallbackLog } from './callback-log.js';
import { IterationEventLog } from './event-log.js';
import { openSpecDatabase } from './spec-database.js';
import type { SpecServices } from './spec-services.js';

export interface IterationSpec<Extra> {
  env: ScenarioEnvironment;
  /** The scenario database: the ledger (and the spec tables, unless opened without them). */
  orm: MikroORM;
  runtime: Runtime<SpecServices<Extra>>;
  services: SpecServices<Extra>;
  events: IterationEventLog;
  callbacks: CallbackLog;
  /** Starts a worker on the default queue (with per-execution limits, e.g. an item budget). */
  startWorker(limits?: InterruptionLimits): Promise<Worker>;
  /** Adds a job (data = the class's jobData(args)) and returns its id. */
  enqueue(cls: JobClass<SpecServices<Extra>>, args: unknown, options?: { jobId?: string; attempts?: number; backoff?: number }): Promise<string>;
  /** The job as Redis holds it now. */
  stored(jobId: string): Promise<Job>;
  /** Waits until the job is in `state` (completed, failed, delayed…) and returns it fresh from Redis. */
  settled(jobId: string, state: string): Promise<Job>;
  /** The Redis key of the job's checkpoint hash. */
  checkpointKey(jobId: string): string;
  /** HGETALL of the job's checkpoint hash ({} when there is none). */
  checkpoint(jobId: string): Promise<Record<string, string>>;
  /** For jobs parked in delayed by a long backoff: wait until delayed, then run it now. */
  resume(jobId: string): Promise<void>;
}

/**
 * One scenario file's world: its database (the ledger, plus the spec tables when `specTables`), a
 * runtime on its own prefix with the given jobs registered, an event log and a callback log. Call
 * in beforeAll.
 */
export async function openIterationSpec<Extra = Record<string, unknown>>(
  name: string,
  jobs: JobClass<SpecServices<Extra>>[],
  extra: Extra = {} as Extra,
  { specTables = true }: { specTables?: boolean } = {},
): Promise<IterationSpec<Extra>> {
  const env = await openScenario(name);
  const orm = specTables ? await openSpecDatabase(env) : env.orm;
  const callbacks = new CallbackLog();
  const services: SpecServices<Extra> = { orm, callbacks, extra };
  const runtime = env.runtime<SpecServices<Extra>>({ services });
  runtime.register(...jobs);
  const events = new IterationEventLog(runtime.events);
  const queue = runtime.queue();

  const stored = async (jobId: string): Promise<Job> => {
    const job = await Job.fromId(queue, jobId);
    if (!job) throw new Error(`job ${jobId} is not in queue ${queue.name}`);
    return job;
  };
  const settled = async (jobId: string, state: string): Promise<Job> => {
    await waitFor(`job ${jobId} to be ${state}`, () => queue.getJobState(jobId), (current) => current === state, { timeoutMs: 15_000, intervalMs: 10 });
    return stored(jobId);
  };
  const checkpointKey = (jobId: string) => CheckpointStore.keyFor(env.prefix, queue.name, jobId);

  return {
    env,
    orm,
    runtime,
    services,
    events,
    callbacks,
    async startWorker(limits) {
      const worker = runtime.startWorker({ limits });
      await worker.waitUntilReady();
      return worker;
    },
    async enqueue(cls, args, { jobId, attempts, backoff } = {}) {
      const job = await runtime.enqueue(cls, args, {
        jobId,
        // The engine's stories count attempts themselves: one, unless a story asks for more.
        attempts: attempts ?? 1,
        backoff: backoff === undefined ? undefined : { type: 'fixed', delay: backoff },
      });
      return String(job.id);
    },
    stored,
    settled,
    checkpointKey,
    checkpoint: (jobId) => runtime.redis.hgetall(checkpointKey(jobId)),
    async resume(jobId) {
      const job = await settled(jobId, 'delayed');
      await job.promote();
    },
  };
}
