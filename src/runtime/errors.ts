import { UnrecoverableError } from 'bullmq';

// The runtime's errors: a job nobody registered, a malformed control flag, a lost lock, a cluster prefix
// without a hash tag.

/** A job arrived whose name no registered class answers to (a deploy removed or renamed it). */
export class UnknownJobError extends UnrecoverableError {
  override readonly name = 'UnknownJobError';
  constructor(jobName: string, known: string[]) {
    super(
      `No job class is registered as "${jobName}" (registered: ${known.join(', ') || 'none'}); ` +
        'register it with runtime.register() in the worker that consumes this queue',
    );
  }
}

/** The control key held something other than a ControlFlag; refusing beats guessing. */
export class InvalidControlFlagError extends Error {
  override readonly name = 'InvalidControlFlagError';
  constructor(key: string, raw: string, detail: string) {
    super(
      `Control key ${key} holds ${JSON.stringify(raw.slice(0, 120))}, which is not a control flag (${detail}); ` +
        'write one with ControlFlags.set(), e.g. {"kind":"now"}',
    );
  }
}

/** The worker lost this job's lock; only BullMQ's stalled check may move it now. */
export class LockLostError extends Error {
  override readonly name = 'LockLostError';
  constructor(jobId: string) {
    super(
      `Job ${jobId} lost its lock before it could be re-enqueued; its last durable checkpoint stands and ` +
        "BullMQ's stalled-job check will hand it to a live worker",
    );
  }
}

/** A runtime on a Redis Cluster was given a prefix without a hash tag, so one job's keys would span slots. */
export class ClusterPrefixError extends Error {
  override readonly name = 'ClusterPrefixError';
  constructor(prefix: string) {
    super(
      `Prefix "${prefix}" has no hash tag, so on a Redis Cluster one job's keys would land in different slots ` +
        'and its Lua scripts would fail; wrap the prefix in braces, e.g. "{' + prefix.replace(/[{}]/g, '') + '}"',
    );
  }
}
