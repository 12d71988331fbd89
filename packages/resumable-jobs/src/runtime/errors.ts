import { DelayedError, UnrecoverableError } from 'bullmq';

// The runtime's errors: a job nobody registered, a malformed control flag, a lost lock, a cluster prefix
// without a hash tag, a connection URL that cannot be used, job arguments that fail their schema, an
// engine key of the wrong Redis type, a flag for a job that has ended, a cancel for a job that does not
// exist, a stop request for a cancelled job.

/**
 * A job arrived whose name no registered class answers to, and no fallback processor was given (a
 * deploy removed or renamed the class, or a new producer runs ahead of this worker). An ordinary
 * error, so the job's attempts and backoff apply: a worker that knows the name may take it on a retry.
 */
export class UnknownJobError extends Error {
  override readonly name = 'UnknownJobError';
  constructor(jobName: string, known: string[]) {
    super(
      `No job class is registered as "${jobName}" (registered: ${known.join(', ') || 'none'}); ` +
        'register it with runtime.register() in the worker that consumes this queue, or pass a fallback processor for plain jobs',
    );
  }
}

/** The runtime or producer was given no Redis, or two. */
export class RedisSourceError extends Error {
  override readonly name = 'RedisSourceError';
  constructor(problem: string) {
    super(`Redis: ${problem}; pass exactly one of redisUrl ("redis://host:6379") or connection (an ioredis instance or its options)`);
  }
}

/**
 * A control flag that is not one: read from the control key (someone wrote garbage there: both
 * engines fail the job at once, an UnrecoverableError, since retrying would read the same bad flag),
 * or handed to ControlFlags.set() (refused before anything is stored).
 */
export class InvalidControlFlagError extends UnrecoverableError {
  override readonly name = 'InvalidControlFlagError';
  constructor(key: string, raw: string, detail: string, when: 'read' | 'write' = 'read') {
    super(
      when === 'read'
        ? `Control key ${key} holds ${JSON.stringify(raw.slice(0, 120))}, which is not a control flag (${detail}); ` +
            'write one with ControlFlags.set(), e.g. {"kind":"now"}'
        : `Control flag ${raw.slice(0, 120)} for ${key} was not stored: ${detail}; write e.g. {"kind":"now"}, ` +
            '{"kind":"at-cursor","cursor":300}, {"kind":"after-items","items":50} or {"kind":"after-ms","ms":2000}',
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

/**
 * REDIS_URL or DATABASE_URL (or a URL handed to the runtime) cannot be used as given. The message
 * names the variable, says what is wrong and the shape expected; the password is never shown.
 */
export class InvalidConnectionUrlError extends Error {
  override readonly name = 'InvalidConnectionUrlError';
  /** A configuration mistake, like a usage error: exit code 2 in a CLI. */
  readonly exitCode = 2;
  constructor(
    readonly variable: string,
    shownValue: string,
    problem: string,
    expected: string,
  ) {
    super(`${variable} ${shownValue} ${problem}; expected ${expected}`);
  }
}

/**
 * A job's arguments do not match its class's `argsSchema`: thrown by `enqueue` (nothing is added)
 * and at execution (the job fails at once: retrying the same arguments cannot help). One line,
 * naming the job and the first field that is wrong.
 */
export class InvalidJobArgumentsError extends UnrecoverableError {
  override readonly name = 'InvalidJobArgumentsError';
  constructor(
    readonly jobName: string,
    readonly field: string,
    problem: string,
    when: 'enqueue' | 'execution',
  ) {
    super(
      `${jobName}: argument ${field} ${problem}` +
        (when === 'enqueue' ? '; fix the arguments and enqueue again' : '; the job cannot run with these arguments, enqueue it again with valid ones'),
    );
  }
}

/**
 * An engine key (a checkpoint hash, a control flag) holds another Redis type: something else wrote
 * there. Retrying cannot fix it, so the job fails at once, naming the key and the way out.
 */
export class EngineKeyWrongTypeError extends UnrecoverableError {
  override readonly name = 'EngineKeyWrongTypeError';
  constructor(
    readonly key: string,
    expected: string,
    actual: string,
  ) {
    super(
      `Redis key ${key} holds a ${actual}, not the ${expected} the engine keeps there (WRONGTYPE); ` +
        `find what else writes to it, then DEL ${key} and retry the job`,
    );
  }
}

/** A control flag was asked for a job that has already completed or failed for good. */
export class ControlFlagForEndedJobError extends Error {
  override readonly name = 'ControlFlagForEndedJobError';
  constructor(queueName: string, jobId: string, action: 'interrupt' | 'cancel' = 'interrupt') {
    super(
      `Job ${jobId} in queue ${queueName} has already ended, so there is nothing to ${action}; ` +
        'a flag kept for it would stop the next job that reuses the id. Flag a running or waiting job instead',
    );
  }
}

/** A cancel was asked for a job id the queue does not hold (never added, or already removed). */
export class NoSuchJobError extends Error {
  override readonly name = 'NoSuchJobError';
  constructor(queueName: string, jobId: string) {
    super(`Queue ${queueName} holds no job ${jobId}; check the id (and the queue) and try again`);
  }
}

/** A stop request for a job that is cancelled: the cancel stands, and a stop would only delay it. */
export class JobCancelledError extends Error {
  override readonly name = 'JobCancelledError';
  constructor(queueName: string, jobId: string) {
    super(`Job ${jobId} in queue ${queueName} is cancelled; it ends at its next check, so there is nothing to interrupt`);
  }
}

/**
 * Redis did not acknowledge a checkpoint write (full under `noeviction`, a read-only replica, gone
 * mid-write), so nothing may say the progress was saved. It extends BullMQ's DelayedError on
 * purpose: BullMQ then neither fails the job nor counts an attempt for a write it never got to
 * make. The job stays active, its lock is no longer renewed, and once the lock expires BullMQ's
 * stalled check hands it to a worker, which resumes it from its last durable checkpoint.
 */
export class CheckpointRefusedError extends DelayedError {
  override readonly name = 'CheckpointRefusedError';
  constructor(
    readonly jobId: string,
    /** What the refusal costs, e.g. "the progress since cursor 150 (up to cursor 311) is lost and will be redone". */
    readonly lost: string,
    /** Where the job resumes, e.g. "cursor 150" or "the start". */
    readonly resumesFrom: string,
    cause: unknown,
  ) {
    super(
      `Redis refused the checkpoint write of job ${jobId} (${firstLine(cause)}); ${lost}; it resumes from ${resumesFrom} ` +
        "once its lock expires (BullMQ's stalled check), without using an attempt",
    );
    this.cause = cause;
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.replace(/\. script: .*$/, '');
}
