import type { RedisConnection } from 'resumable-jobs/runtime';
import { ContinuableJob } from 'resumable-jobs/continuable';
import { jobDataWith, parseJobData } from 'resumable-jobs/continuable';
import { CheckpointStore } from 'resumable-jobs/iteration';
import { iterationSettings } from 'resumable-jobs/iteration';
import type { Queue } from 'bullmq';

/**
 * Progress as each engine stores it, written and read through the engines' own code: a job can be
 * enqueued as if it had stopped at a cursor, and a crashed job's durable cursor read back.
 */

/** Job data of a continuable job stopped inside `step` at `cursor`. */
export function continuableDataAt(args: unknown, step: string, cursor: number): unknown {
  return jobDataWith(ContinuableJob.jobData(args), { continuation: { completed: [], current: [step, cursor] }, resumptions: 1, errorResumptions: 0 });
}

/** The checkpoint hash of an iteration job that stopped at `cursor`, written before the job is enqueued. */
export async function writeIterationCheckpoint(redis: RedisConnection, prefix: string, queueName: string, jobId: string, cursor: number): Promise<void> {
  const store = new CheckpointStore(redis, CheckpointStore.keyFor(prefix, queueName, jobId), iterationSettings().checkpointTtlMs);
  const { state } = await store.begin();
  await store.flush({ ...state, cursor }, 0);
}

/** The continuable job's stored cursor (its current step's), or undefined if none was written. */
export async function storedContinuableCursor(queue: Queue, jobId: string): Promise<number | undefined> {
  const job = await queue.getJob(jobId);
  if (!job) return undefined;
  const current = parseJobData(jobId, job.name, job.data).continuation?.current;
  return typeof current?.[1] === 'number' ? current[1] : undefined;
}

/** The iteration job's flushed cursor, or undefined if it never flushed one. */
export async function storedIterationCursor(redis: RedisConnection, prefix: string, queueName: string, jobId: string): Promise<number | undefined> {
  const store = new CheckpointStore(redis, CheckpointStore.keyFor(prefix, queueName, jobId), iterationSettings().checkpointTtlMs);
  const cursor = (await store.read())?.cursor;
  return typeof cursor === 'number' ? cursor : undefined;
}
