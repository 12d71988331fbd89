import type { MikroORM } from '@mikro-orm/postgresql';
import { CheckpointStore } from 'resumable-jobs/iteration';
import type { JobClass } from 'resumable-jobs/runtime';
import { openScenario } from '../scenario-environment.js';
import { IterationEventLog } from './iteration-event-log.js';
import { openSpecRuntime, type SpecRuntime } from './spec-runtime.js';
import type { SpecServices } from './spec-services.js';

export interface IterationSpec<Extra = object> extends SpecRuntime<Extra> {
  /** The database the jobs write to: the ledger (and the story's own tables, if `database` opened them). */
  orm: MikroORM;
  events: IterationEventLog;
  /** The Redis key of the job's checkpoint hash. */
  checkpointKey(jobId: string): string;
  /** HGETALL of the job's checkpoint hash ({} when there is none). */
  checkpoint(jobId: string): Promise<Record<string, string>>;
}

export interface IterationSpecOptions<Extra> {
  /** The story's own knobs, spread into the services. */
  extra?: Extra;
  /** Opens the database the jobs use (e.g. with the story's own tables); default the scenario's. */
  database?: (env: Awaited<ReturnType<typeof openScenario>>) => Promise<MikroORM>;
}

/**
 * One iteration scenario file's world: its own database and prefix, a runtime with the given jobs
 * (no worker until the story starts one), the event log, and the job's checkpoint hash read from
 * Redis. Call in beforeAll.
 */
export async function openIterationSpec<Extra extends object = object>(
  name: string,
  jobs: JobClass<SpecServices<Extra>>[],
  { extra, database }: IterationSpecOptions<Extra> = {},
): Promise<IterationSpec<Extra>> {
  const env = await openScenario(name);
  const orm = database ? await database(env) : env.orm;
  const spec = await openSpecRuntime(env, jobs, { extra, orm, startWorkers: false });
  const events = new IterationEventLog(spec.runtime.events);
  const checkpointKey = (jobId: string) => CheckpointStore.keyFor(env.prefix, spec.runtime.defaultQueueName, jobId);
  return {
    ...spec,
    orm,
    events,
    checkpointKey,
    checkpoint: (jobId) => spec.runtime.redis.hgetall(checkpointKey(jobId)),
  };
}
