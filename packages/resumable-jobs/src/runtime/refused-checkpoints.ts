import type { Job, Worker } from 'bullmq';
import type { CheckpointRefusedError } from './errors.js';

/**
 * The checkpoint writes Redis refused, by queue (`<prefix>:<queue>`), so that whoever closes a
 * worker on that queue can say so and exit non-zero instead of reporting a clean shutdown
 * (graceful-shutdown.ts reads it). By queue, not by worker: the runtime's processor may run in a
 * BullMQ Worker of the application's own, which it never sees.
 */
const refusals = new Map<string, CheckpointRefusedError[]>();

export function recordRefusedCheckpoint(job: Job, error: CheckpointRefusedError): void {
  refusals.set(job.queueQualifiedName, [...(refusals.get(job.queueQualifiedName) ?? []), error]);
}

/** Every checkpoint write Redis refused for jobs of this worker's queue in this process, oldest first. */
export function refusedCheckpoints(worker: Worker): readonly CheckpointRefusedError[] {
  return refusals.get(worker.qualifiedName) ?? [];
}

/** Every checkpoint write Redis refused in this process, whatever the queue (a worker process closing its Runtime). */
export function refusedCheckpointsInProcess(): readonly CheckpointRefusedError[] {
  return [...refusals.values()].flat();
}
