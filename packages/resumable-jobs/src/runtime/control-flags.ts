import type { RedisConnection } from './redis-connection.js';
import { z } from 'zod';
import { onEngineKey } from './engine-key-type.js';
import { findCursorProblem } from './cursor.js';
import { ControlFlagForEndedJobError, InvalidControlFlagError } from './errors.js';

/** A request stored in Redis under the job's control key; read by polling, compared locally. */
export type ControlFlag =
  | { kind: 'now' }
  | { kind: 'at-cursor'; cursor: unknown }
  | { kind: 'after-items'; items: number }
  | { kind: 'after-ms'; ms: number };

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
], { error: (issue) => (issue.code === 'invalid_union' ? 'kind must be now, at-cursor, after-items or after-ms' : undefined) });

/** A flag as read back: the request, and which job it was set for (undefined: set before the job existed). */
export type StoredControlFlag = ControlFlag & { job?: number };

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
      this.redis.eval(SET_UNLESS_JOB_ENDED, 2, key, jobKey, value, String(this.ttlMs)),
    );
    if (written !== 1) throw new ControlFlagForEndedJobError(queueName, jobId);
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
    else await this.redis.eval(DELETE_IF_UNCHANGED, 1, key, serialize(key, honoured));
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
const SET_UNLESS_JOB_ENDED = `if redis.call('HEXISTS', KEYS[2], 'finishedOn') == 1 then return 0 end
local value = ARGV[1]
local created = redis.call('HGET', KEYS[2], 'timestamp')
if created then value = string.sub(value, 1, -2) .. ',"job":' .. created .. '}' end
redis.call('SET', KEYS[1], value, 'PX', ARGV[2]) return 1`;

// Compare-and-delete in one step: the flag may be rewritten between our read and the delete.
const DELETE_IF_UNCHANGED = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

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
