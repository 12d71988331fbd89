import type { Job, Queue } from 'bullmq';
import { readContinuableProgress, type ContinuableProgress } from 'resumable-jobs/continuable';
import { iterationSettings, readIterationProgress, type IterationProgress } from 'resumable-jobs/iteration';
import type { RedisConnection } from 'resumable-jobs/runtime';
import type { Engine } from '../reporting/types.js';

/** A job's checkpoint as it sits in Redis, read by its engine's own reader, and where it sits. */
export type OperatorProgress =
  | { engine: 'continuable'; where: string; progress: ContinuableProgress }
  | { engine: 'iteration'; where: string; progress: IterationProgress; writtenAt: Date | undefined };

/**
 * Reads a job's stored progress through the engines' readers: the continuation in the job's data
 * (continuable) or the checkpoint hash (iteration). Malformed state fails loudly with the engine's
 * own error. For iteration, when the hash was last written follows from its TTL (every write renews it).
 */
export async function readStoredProgress(redis: RedisConnection, queue: Queue, prefix: string, job: Job, engine: Engine): Promise<OperatorProgress> {
  const jobId = String(job.id);
  if (engine === 'continuable') {
    return { engine, where: `job ${prefix}:${queue.name}:${jobId}`, progress: readContinuableProgress(job) };
  }
  const progress = await readIterationProgress({ redis, prefix, queueName: queue.name, jobId });
  const ttlMs = iterationSettings().checkpointTtlMs;
  const sinceWrite = progress.expiresInMs === undefined ? undefined : ttlMs - progress.expiresInMs;
  const writtenAt = progress.stored && sinceWrite !== undefined && sinceWrite >= 0 ? new Date(Date.now() - sinceWrite) : undefined;
  return { engine, where: progress.key, progress, writtenAt };
}

/** The stored cursor (the last item done), or undefined when none is stored. */
export function storedCursor(stored: OperatorProgress): unknown {
  return stored.progress.stored ? stored.progress.cursor : undefined;
}
