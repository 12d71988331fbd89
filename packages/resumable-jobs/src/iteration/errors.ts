import { UnrecoverableError } from 'bullmq';

// The iteration engine's errors (the enumerators' own are in enumerators/errors.ts). All are
// UnrecoverableError: a misbuilt job or bad stored state does not get better on retry.
// abort() and throttling are not errors: see signals.ts.

/** The job's data is not `{ args }`: it was added without the class's jobData(). */
export class InvalidJobDataError extends UnrecoverableError {
  override readonly name = 'InvalidJobDataError';
  constructor(jobName: string, data: unknown) {
    const shown = JSON.stringify(data) ?? String(data);
    super(
      `${jobName} expects job data { args }, got ${shown.length > 120 ? `${shown.slice(0, 120)}…` : shown}; ` +
        `enqueue it with runtime.enqueue(${jobName}, args) or queue.add(name, ${jobName}.jobData(args)).`,
    );
  }
}

/** An iteration job defined perform(): the engine owns the loop, so that body would never run as meant. */
export class PerformDefinedError extends UnrecoverableError {
  override readonly name = 'PerformDefinedError';
  constructor(jobName: string, method: 'perform' | 'execute') {
    super(
      `${jobName} is an iteration job and must not define ${method}(): the engine runs the loop. ` +
        'Return an enumerator from buildEnumerator(args, { cursor }) (e.g. this.enumerate.array(items, { cursor })) ' +
        `and move the per-item work into eachIteration(item, args); remove ${method}().`,
    );
  }
}

/** A job class (usually plain JavaScript) lacks buildEnumerator or eachIteration. */
export class MissingIterationMethodError extends UnrecoverableError {
  override readonly name = 'MissingIterationMethodError';
  constructor(jobName: string, method: 'buildEnumerator' | 'eachIteration') {
    const example =
      method === 'buildEnumerator'
        ? 'buildEnumerator(args, { cursor }) { return this.enumerate.array(items, { cursor }); }'
        : 'async eachIteration(item, args) { ... }';
    super(`${jobName} does not implement ${method}(); an iteration job needs both methods, e.g. ${example}`);
  }
}

/**
 * buildEnumerator declares fewer than two parameters, so it cannot see the cursor and every
 * resume would start over (job-iteration refuses a build_enumerator without the `cursor:` keyword).
 */
export class MissingCursorParameterError extends UnrecoverableError {
  override readonly name = 'MissingCursorParameterError';
  constructor(jobName: string, declared: number) {
    super(
      `${jobName}.buildEnumerator declares ${declared} parameter(s) but must take (args, { cursor }) and pass ` +
        'cursor to its enumerator, e.g. buildEnumerator(args, { cursor }) { return this.enumerate.array(items, { cursor }); }. ' +
        '(A default value on the second parameter also hides it from this check: drop the default.)',
    );
  }
}

/** buildEnumerator returned something the engine cannot iterate as [item, cursor] pairs. */
export class EnumeratorNotIterableError extends UnrecoverableError {
  override readonly name = 'EnumeratorNotIterableError';
  constructor(jobName: string, returned: string, hint: string) {
    super(
      `${jobName}.buildEnumerator must return an enumerator of [item, cursor] pairs (or null to skip the job), ` +
        `but returned ${returned}. ${hint} For example: ` +
        'buildEnumerator(args, { cursor }) { return this.enumerate.array(args.items, { cursor }); }',
    );
  }
}

/** The enumerator yielded something other than an [item, cursor] pair. */
export class InvalidEnumeratorItemError extends UnrecoverableError {
  override readonly name = 'InvalidEnumeratorItemError';
  constructor(jobName: string, position: number, yielded: string) {
    super(
      `${jobName}'s enumerator yielded ${yielded} as item ${position} of this execution; every step must be an ` +
        '[item, cursor] pair (e.g. `yield [row, row.id]`), where cursor marks the item done. Use the builders on ' +
        'this.enumerate, or yield pairs from your own generator.',
    );
  }
}

/** The checkpoint says "resume after X" but the enumerator started somewhere else. */
export class CursorIgnoredError extends UnrecoverableError {
  override readonly name = 'CursorIgnoredError';
  constructor(jobName: string, stored: unknown, detail: string) {
    super(
      `${jobName} resumed with checkpoint cursor ${JSON.stringify(stored)} but ${detail}, so items would be ` +
        'repeated or skipped. Pass the cursor buildEnumerator receives to the enumerator it returns: ' +
        'buildEnumerator(args, { cursor }) { return this.enumerate.array(items, { cursor }); }, and make custom ' +
        'enumerators start strictly after it.',
    );
  }
}

/**
 * A cursor that would not come back unchanged from JSON. Refused at the item that produced it, before
 * the item runs: storing it would corrupt the resume (job-iteration deferred this check and paid for it).
 */
export class CursorNotSerializableError extends UnrecoverableError {
  override readonly name = 'CursorNotSerializableError';
  constructor(jobName: string, position: number, path: string, problem: string) {
    super(
      `${jobName}'s enumerator yielded a cursor that does not survive JSON at item ${position} of this execution: ` +
        `${path} is ${problem}. Cursors are stored in Redis as JSON; yield strings, finite numbers, booleans, ` +
        'null, arrays or plain objects (e.g. a Date as toISOString(), a BigInt as a string).',
    );
  }
}

/** abort() was called where there is no iteration left to stop (onShutdown, onComplete). */
export class AbortOutsideIterationError extends UnrecoverableError {
  override readonly name = 'AbortOutsideIterationError';
  constructor(jobName: string, where: string) {
    super(
      `${jobName} called abort() in ${where}, after iteration ended; call it from onStart, onResume, ` +
        'aroundIteration or eachIteration (or return null from buildEnumerator to skip the job).',
    );
  }
}

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

/**
 * Some of a parallel job's partitions could not be enqueued. Unlike the errors above it is retried
 * (BullMQ attempts): enqueueing is idempotent, a partition already enqueued is not enqueued twice.
 */
export class ParallelEnqueueError extends Error {
  override readonly name = 'ParallelEnqueueError';
  constructor(jobName: string, failed: number, instances: number, cause: string) {
    super(`${jobName}: failed to enqueue ${failed} out of ${instances} parallel jobs (${cause}); the job is retried and enqueues the missing ones`);
  }
}
