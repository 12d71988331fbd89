import type { RedisConnection } from './redis-connection.js';
import { z } from 'zod';
import { InvalidControlFlagError } from './errors.js';

/** A request stored in Redis under the job's control key; read by polling, compared locally. */
export type ControlFlag =
  | { kind: 'now' }
  | { kind: 'at-cursor'; cursor: unknown }
  | { kind: 'after-items'; items: number }
  | { kind: 'after-ms'; ms: number };

const controlFlagSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('now') }),
  z.object({ kind: z.literal('at-cursor'), cursor: z.unknown() }),
  z.object({ kind: z.literal('after-items'), items: z.number().int().positive() }),
  z.object({ kind: z.literal('after-ms'), ms: z.number().nonnegative() }),
]);

/**
 * Control keys let an operator (or a scenario) ask one job to stop: now, at a cursor, after N items
 * or after N ms of its current execution. A flag is one-shot: the engine deletes it when it honours
 * it, so the resumed execution is not stopped again by the same request.
 */
export class ControlFlags {
  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
  ) {}

  key(queueName: string, jobId: string): string {
    return `${this.prefix}:control:${queueName}:${jobId}`;
  }

  async set(queueName: string, jobId: string, flag: ControlFlag): Promise<void> {
    await this.redis.set(this.key(queueName, jobId), serialize(flag));
  }

  async get(queueName: string, jobId: string): Promise<ControlFlag | undefined> {
    const key = this.key(queueName, jobId);
    return parseControlFlag(key, await this.redis.get(key));
  }

  /**
   * Deletes the flag; given the flag that was honoured, only if it is still that one, so a new
   * request written meanwhile (e.g. the next stop of a multi-interrupt run) survives.
   */
  async clear(queueName: string, jobId: string, honoured?: ControlFlag): Promise<void> {
    const key = this.key(queueName, jobId);
    if (!honoured) await this.redis.del(key);
    else await this.redis.eval(DELETE_IF_UNCHANGED, 1, key, serialize(honoured));
  }
}

// set() writes exactly this, so an unchanged flag compares equal byte for byte.
const serialize = (flag: ControlFlag) => JSON.stringify(controlFlagSchema.parse(flag));

// Compare-and-delete in one step: the flag may be rewritten between our read and the delete.
const DELETE_IF_UNCHANGED = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export function parseControlFlag(key: string, raw: string | null): ControlFlag | undefined {
  if (raw === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new InvalidControlFlagError(key, raw, 'not JSON');
  }
  const parsed = controlFlagSchema.safeParse(value);
  if (!parsed.success) throw new InvalidControlFlagError(key, raw, parsed.error.issues[0]?.message ?? 'invalid');
  return parsed.data as ControlFlag;
}
