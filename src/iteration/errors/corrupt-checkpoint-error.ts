import { UnrecoverableError } from 'bullmq';

/**
 * The checkpoint hash holds a field the engine cannot read. Restarting from zero would silently
 * repeat work, so the job fails and says how to recover.
 */
export class CorruptCheckpointError extends UnrecoverableError {
  override readonly name = 'CorruptCheckpointError';
  constructor(key: string, field: string, raw: string, expected: string) {
    const shown = raw.length > 80 ? `${raw.slice(0, 80)}…` : raw;
    super(
      `Checkpoint ${key} field "${field}" holds ${JSON.stringify(shown)}, which is not ${expected}. ` +
        `Repair it (HSET ${key} ${field} <value>; cursor is the JSON cursor of the last completed item) and retry ` +
        `the job, or DEL ${key} to restart the job from the beginning if repeating its items is safe.`,
    );
  }
}
