import { UnrecoverableError } from 'bullmq';

/**
 * This execution no longer owns the checkpoint: another execution of the same job started (after a
 * lost lock, the stalled check handed the job to another worker) or someone deleted the hash.
 * Writing now would move the cursor backwards under the newer execution, so this one stops.
 */
export class CheckpointSupersededError extends UnrecoverableError {
  override readonly name = 'CheckpointSupersededError';
  constructor(key: string, execution: number) {
    super(
      `Checkpoint ${key} is no longer owned by execution ${execution} (a newer execution started, or the hash was ` +
        'deleted); this execution stopped without writing. If the hash was deleted on purpose, retry the job to ' +
        'start it from the beginning.',
    );
  }
}
