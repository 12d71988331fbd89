import type { Job, Queue } from 'bullmq';
import type { RedisConnection } from '../../runtime/redis-connection.js';
import { parseJobData } from '../../continuable/job-data.js';
import type { SerializedContinuation } from '../../continuable/types.js';
import { CheckpointStore } from '../../iteration/checkpoint-store.js';
import { iterationSettings } from '../../iteration/settings.js';
import type { CheckpointState } from '../../iteration/types.js';
import type { Engine } from '../reporting/types.js';

/** A job's checkpoint as it sits in Redis, decoded by its engine's own reader. */
export type StoredProgress =
  | {
      engine: 'continuable';
      /** Where: inside the BullMQ job's data. */
      where: string;
      continuation: SerializedContinuation | undefined;
      resumptions: number;
    }
  | {
      engine: 'iteration';
      /** Where: the checkpoint hash's key. */
      where: string;
      state: CheckpointState | undefined;
      /** When the hash was last written, from its TTL (every write renews it); undefined if unknown. */
      writtenAt: Date | undefined;
    };

/**
 * Reads a job's stored progress: the continuation in the job's data (continuable) or the
 * checkpoint hash (iteration). Malformed state fails loudly with the engine's own error.
 */
export async function readStoredProgress(redis: RedisConnection, queue: Queue, prefix: string, job: Job, engine: Engine): Promise<StoredProgress> {
  const jobId = String(job.id);
  if (engine === 'continuable') {
    const parsed = parseJobData(jobId, job.name, job.data);
    return { engine, where: `job ${prefix}:${queue.name}:${jobId}`, continuation: parsed.continuation, resumptions: parsed.resumptions };
  }
  const key = CheckpointStore.keyFor(prefix, queue.name, jobId);
  const ttlMs = iterationSettings().checkpointTtlMs;
  const [state, pttl] = await Promise.all([new CheckpointStore(redis, key, ttlMs).read(), redis.pttl(key)]);
  const writtenAt = state && pttl > 0 && ttlMs - pttl >= 0 ? new Date(Date.now() - (ttlMs - pttl)) : undefined;
  return { engine, where: key, state, writtenAt };
}

/** The stored cursor (the last item done), or undefined when none is stored. */
export function storedCursor(progress: StoredProgress): unknown {
  return progress.engine === 'continuable' ? progress.continuation?.current?.[1] : progress.state?.cursor;
}
