import type { RedisConnection } from '../runtime/redis-connection.js';
import type { StoredProgress } from '../runtime/stored-progress.js';
import { CheckpointStore } from './checkpoint-store.js';
import { iterationSettings } from './settings.js';

/** An iteration job's stored progress: its checkpoint hash in Redis, parsed. */
export interface IterationProgress extends StoredProgress {
  engine: 'iteration';
  /** The Redis key of the checkpoint hash. */
  key: string;
  executions: number;
  interruptions: number;
  /** Executions that ended with an error. */
  failures: number;
  /** Throttle re-enqueues (counted apart from interruptions). */
  throttles: number;
  runtimeMs: number;
  /** Checkpoint writes so far (the same count as `writes`). */
  flushes: number;
  /**
   * When the hash expires, in ms from now (undefined: no hash). Every write refreshes the TTL, so
   * `checkpointTtlMs - expiresInMs` is roughly how long ago the last write (or execution start) was.
   */
  expiresInMs: number | undefined;
}

/** Where an iteration job's checkpoint lives: the runtime's prefix, the job's queue and id. */
export interface IterationJobAddress {
  redis: RedisConnection;
  prefix: string;
  queueName: string;
  jobId: string;
}

/**
 * Reads an iteration job's checkpoint hash as the engine reads it when it resumes
 * (CorruptCheckpointError for a field it cannot read). No hash reads as `stored: false` with zero
 * counters: the job never ran, or it completed (completion deletes the hash).
 *
 *   const progress = await readIterationProgress({ redis, prefix, queueName: 'jobs', jobId: '42' });
 */
export async function readIterationProgress(address: IterationJobAddress): Promise<IterationProgress> {
  const { redis, prefix, queueName, jobId } = address;
  const key = CheckpointStore.keyFor(prefix, queueName, jobId);
  const [state, pttl] = await Promise.all([
    new CheckpointStore(redis, key, iterationSettings().checkpointTtlMs).read(),
    redis.pttl(key),
  ]);
  return {
    engine: 'iteration',
    jobId,
    key,
    stored: state !== undefined,
    cursor: state?.cursor,
    executions: state?.executions ?? 0,
    interruptions: state?.interruptions ?? 0,
    failures: state?.failures ?? 0,
    throttles: state?.throttles ?? 0,
    runtimeMs: state?.runtimeMs ?? 0,
    flushes: state?.flushes ?? 0,
    writes: state?.flushes ?? 0,
    expiresInMs: pttl >= 0 ? pttl : undefined,
  };
}
