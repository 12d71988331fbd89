import type { Worker } from 'bullmq';
import type { CheckpointRefusedError } from './errors.js';

/**
 * The checkpoint writes Redis refused for jobs a worker ran, so that whoever closes the worker can
 * say so and exit non-zero instead of reporting a clean shutdown (graceful-shutdown.ts reads it).
 */
const refusals = new WeakMap<Worker, CheckpointRefusedError[]>();

export function recordRefusedCheckpoint(worker: Worker, error: CheckpointRefusedError): void {
  refusals.set(worker, [...(refusals.get(worker) ?? []), error]);
}

/** Every checkpoint write Redis refused for this worker's jobs, oldest first. */
export function refusedCheckpoints(worker: Worker): readonly CheckpointRefusedError[] {
  return refusals.get(worker) ?? [];
}
