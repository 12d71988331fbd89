import type { RedisConnection } from './redis-connection.js';
import { z } from 'zod';
import { onEngineKey } from './engine-key-type.js';
import { RedisScript } from './redis-script.js';
import { findCursorProblem } from './cursor.js';
import { ControlFlagForEndedJobError, InvalidControlFlagError, JobCancelledError, NoSuchJobError } from './errors.js';

/** A request stored in Redis under the job's control key; read by polling, compared locally. */
export type ControlFlag =
  | { kind: 'now' }
  | { kind: 'at-cursor'; cursor: unknown }
  | { kind: 'after-items'; items: number }
  | { kind: 'after-ms'; ms: number };

/**
 * A cancel (Sidekiq `cancel!`): the job ends at its next check, runs `onCancel` and completes as
 * cancelled. Not one-shot: it stays until the job ends, so a retry of a failed `onCancel` cancels too.
 */
export interface CancelFlag {
  kind: 'cancel';
  /** When the first cancel was asked for (ms since the epoch); asking again keeps it. */
  at: number;
}

// `job`: the creation time of the job the flag was set for (added by set() when the job exists), so
// a flag left behind by a removed job never stops a later job that reuses the id. Last, as set() appends it.
const job = { job: z.number().int().optional() };
const controlFlagSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('now'), ...job }),
  // A stop "at" no cursor would never be reached: the cursor must be one the engines can compare.
  z.object({
    kind: z.literal('at-cursor'),
    cursor: z.unknown().superRefine((cursor, context) => {
      const problem = findCursorProblem(cursor);
      if (problem) context.addIssue({ code: 'custom', message: `its cursor is ${problem.problem}` });
    }),
    ...job,
  }),
  z.object({ kind: z.literal('after-items'), items: z.number({ error: 'items must be a number' }).int('items must be a whole number').positive('items must be at least 1'), ...job }),
  z.object({ kind: z.literal('after-ms'), ms: z.number({ error: 'ms must be a number' }).nonnegative('ms must not be negative'), ...job }),
  z.object({ kind: z.literal('cancel'), at: z.number().int().nonnegative(), ...job }),
], { error: (issue) => (issue.code === 'invalid_union' ? 'kind must be now, at-cursor, after-items, after-ms or cancel' : undefined) });

/** A flag as read back: the request, and which job it was set for (undefined: set before the job existed). */
export type StoredControlFlag = (ControlFlag | CancelFlag) & { job?: number };

/**
 * Control keys let an operator (or a scenario) ask one job to stop: now, at a cursor, after N items
 * or after N ms of its current execution. A flag is one-shot: the engine deletes it when it honours
 * it, so the resumed execution is not stopped again by the same request.
 *
 * A flag lives no longer than its job: the runtime deletes it when the job completes or fails for
 * good, a flag for a job that has already ended is refused (it would stop the next job that reuses
 * the id), and every flag expires after `ttlMs` as a backstop (default 1 day).
 * The key starts with the BullMQ prefix, so with a hash-tag prefix (`{app}`) it lives in the job's
 * Redis Cluster slot.
 */
export class ControlFlags {
  static readonly defaultTtlMs = 24 * 60 * 60 * 1000;
  /** A cancel waits as long as Sidekiq keeps its marker (30 days): a job may sit in a queue for long. */
  static readonly cancelTtlMs = 30 * 24 * 60 * 60 * 1000;

  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
    private readonly ttlMs = ControlFlags.defaultTtlMs,
  ) {}

  key(queueName: string, jobId: string): string {
    return `${this.prefix}:control:${queueName}:${jobId}`;
  }

  /** Sets the flag, unless the job has already ended (completed or failed for good). */
  async set(queueName: string, jobId: string, flag: ControlFlag): Promise<void> {
    const key = this.key(queueName, jobId);
    // Refused here, as on read: a stored flag the engines cannot honour would fail the job for good.
    const value = serialize(key, flag);
    const jobKey = `${this.prefix}:${queueName}:${jobId}`;
    const written = await onEngineKey(this.redis, key, 'string', () =>
      SET_UNLESS_JOB_ENDED.run(this.redis, [key, jobKey], [value, String(this.ttlMs)]),
    );
    if (written === 2) throw new JobCancelledError(queueName, jobId);
    if (written !== 1) throw new ControlFlagForEndedJobError(queueName, jobId);
  }

  /**
   * Cancels the job (Sidekiq `Client#cancel!(jid)`): the job must exist and not have ended. Asking
   * again changes nothing and answers with the time of the first request, as Sidekiq does.
   */
  async cancel(queueName: string, jobId: string, now = Date.now()): Promise<{ cancelledAt: number }> {
    const key = this.key(queueName, jobId);
    const jobKey = `${this.prefix}:${queueName}:${jobId}`;
    const answer = await onEngineKey(this.redis, key, 'string', () =>
      CANCEL_UNLESS_JOB_ENDED.run(this.redis, [key, jobKey], [String(now), String(ControlFlags.cancelTtlMs)]),
    );
    if (answer === -1) throw new NoSuchJobError(queueName, jobId);
    if (answer === 0) throw new ControlFlagForEndedJobError(queueName, jobId, 'cancel');
    const flag = parseControlFlag(key, answer as string);
    if (flag?.kind !== 'cancel') throw new InvalidControlFlagError(key, String(answer), 'not a cancel');
    return { cancelledAt: flag.at };
  }

  async get(queueName: string, jobId: string): Promise<StoredControlFlag | undefined> {
    const key = this.key(queueName, jobId);
    return parseControlFlag(key, await onEngineKey(this.redis, key, 'string', () => this.redis.get(key)));
  }

  /**
   * Deletes the flag; given the flag that was honoured, only if it is still that one, so a new
   * request written meanwhile (e.g. the next stop of a multi-interrupt run) survives.
   */
  async clear(queueName: string, jobId: string, honoured?: ControlFlag): Promise<void> {
    const key = this.key(queueName, jobId);
    if (!honoured) await this.redis.del(key);
    else await DELETE_IF_UNCHANGED.run(this.redis, [key], [serialize(key, honoured)]);
  }
}

// set() writes exactly this, so an unchanged flag compares equal byte for byte.
function serialize(key: string, flag: ControlFlag): string {
  const parsed = controlFlagSchema.safeParse(flag);
  if (!parsed.success) throw new InvalidControlFlagError(key, describeFlag(flag), parsed.error.issues[0]?.message ?? 'invalid', 'write');
  return JSON.stringify(parsed.data);
}

/** The flag as given, for the message: JSON.stringify would hide an undefined cursor or throw on a BigInt. */
function describeFlag(flag: unknown): string {
  if (typeof flag !== 'object' || flag === null) return String(flag);
  const parts = Object.entries(flag).map(([name, value]) => `${name}: ${typeof value === 'string' ? JSON.stringify(value) : typeof value === 'bigint' ? `${value}n` : String(value)}`);
  return `{ ${parts.join(', ')} }`;
}

// The job hash and the flag share the prefix, hence the slot: one script may touch both.
// A cancel is never replaced by a stop request (answer 2).
const SET_UNLESS_JOB_ENDED = new RedisScript('controlFlagSetUnlessJobEnded', `if redis.call('HEXISTS', KEYS[2], 'finishedOn') == 1 then return 0 end
local current = redis.call('GET', KEYS[1])
if current and string.find(current, '"kind":"cancel"', 1, true) then return 2 end
local value = ARGV[1]
local created = redis.call('HGET', KEYS[2], 'timestamp')
if created then value = string.sub(value, 1, -2) .. ',"job":' .. created .. '}' end
redis.call('SET', KEYS[1], value, 'PX', ARGV[2]) return 1`, 2);

// Answers -1 (no such job), 0 (ended) or the cancel flag now stored: the first one, if asked before.
const CANCEL_UNLESS_JOB_ENDED = new RedisScript('controlFlagCancelUnlessJobEnded', `if redis.call('EXISTS', KEYS[2]) == 0 then return -1 end
if redis.call('HEXISTS', KEYS[2], 'finishedOn') == 1 then return 0 end
local current = redis.call('GET', KEYS[1])
if current and string.find(current, '"kind":"cancel"', 1, true) then return current end
local value = '{"kind":"cancel","at":' .. ARGV[1] .. ',"job":' .. redis.call('HGET', KEYS[2], 'timestamp') .. '}'
redis.call('SET', KEYS[1], value, 'PX', ARGV[2]) return value`, 2);

// Compare-and-delete in one step: the flag may be rewritten between our read and the delete.
const DELETE_IF_UNCHANGED = new RedisScript('controlFlagDeleteIfUnchanged', `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`, 1);

export function parseControlFlag(key: string, raw: string | null): StoredControlFlag | undefined {
  if (raw === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new InvalidControlFlagError(key, raw, 'not JSON');
  }
  const parsed = controlFlagSchema.safeParse(value);
  if (!parsed.success) throw new InvalidControlFlagError(key, raw, parsed.error.issues[0]?.message ?? 'invalid');
  return parsed.data as StoredControlFlag;
}
