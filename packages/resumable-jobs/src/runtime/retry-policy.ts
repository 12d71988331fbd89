import type { JobsOptions } from 'bullmq';

/**
 * How often a job enqueued through the runtime is tried when it throws, and how long BullMQ waits
 * between tries. Both engines resume a retried job where it stopped (iteration: after the last
 * flushed item; continuable: from the continuation stored at its last stop), so a transient error
 * (a Postgres backend terminated, a Redis failover) costs a retry, never the job.
 *
 * Default: 8 attempts, exponential backoff from 1 s (1, 2, 4, ... 64 s between them): an outage of
 * about two minutes (127 s of backoff before the last attempt) is ridden out, and one of 12 s (a
 * database timing out every statement, scenarios/reliability/postgres-statement-timeout) uses at
 * most four, leaving four to spare. Five attempts (15 s) left none.
 * Errors that retrying cannot fix (bad arguments, corrupt stored state, an unknown job) are
 * UnrecoverableError and fail at once whatever the attempts. Interruptions never count as attempts.
 * Override per runtime (`RuntimeOptions.retry`) or per job (`enqueue(..., { attempts, backoff })`).
 */
export interface RetryPolicy {
  attempts: number;
  backoff: { type: 'exponential' | 'fixed'; delay: number };
}

/** 8 attempts, exponential backoff from 1 s: what jobs enqueued through the runtime get unless told otherwise. */
export const defaultRetryPolicy: RetryPolicy = { attempts: 8, backoff: { type: 'exponential', delay: 1_000 } };

/** The job options to add with: the policy, overridden by whatever the caller set explicitly. */
export function withRetryPolicy(policy: RetryPolicy, options: JobsOptions): JobsOptions {
  const explicit = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  return { attempts: policy.attempts, backoff: policy.backoff, ...explicit };
}
