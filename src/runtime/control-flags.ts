import type { Redis } from 'ioredis';
import { z } from 'zod';
import { InvalidControlFlagError } from './errors/invalid-control-flag-error.js';
import type { ControlFlag } from './types.js';

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
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  key(queueName: string, jobId: string): string {
    return `${this.prefix}:control:${queueName}:${jobId}`;
  }

  async set(queueName: string, jobId: string, flag: ControlFlag): Promise<void> {
    await this.redis.set(this.key(queueName, jobId), JSON.stringify(controlFlagSchema.parse(flag)));
  }

  async get(queueName: string, jobId: string): Promise<ControlFlag | undefined> {
    const key = this.key(queueName, jobId);
    return parseControlFlag(key, await this.redis.get(key));
  }

  async clear(queueName: string, jobId: string): Promise<void> {
    await this.redis.del(this.key(queueName, jobId));
  }
}

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
