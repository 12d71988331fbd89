import type { RedisConnection } from 'resumable-jobs/runtime';

/** Keys and bytes (`MEMORY USAGE … SAMPLES 0`, exact) of a set of keys. */
export interface Footprint {
  keys: number;
  bytes: number;
}

/** Every key matching one of `patterns` (SCAN, never KEYS), deduplicated; one server (the bench's Redis). */
export async function scanKeys(redis: RedisConnection, patterns: string[]): Promise<string[]> {
  const keys = new Set<string>();
  for (const pattern of patterns) {
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1_000);
      for (const key of batch) keys.add(key);
      cursor = next;
    } while (cursor !== '0');
  }
  return [...keys];
}

/** The exact memory of `keys`, pipelined a thousand at a time. */
export async function footprintOf(redis: RedisConnection, keys: string[]): Promise<Footprint> {
  let bytes = 0;
  for (let start = 0; start < keys.length; start += 1_000) {
    const pipeline = redis.pipeline();
    for (const key of keys.slice(start, start + 1_000)) pipeline.call('MEMORY', 'USAGE', key, 'SAMPLES', '0');
    for (const [error, value] of (await pipeline.exec()) ?? []) if (!error) bytes += Number(value ?? 0);
  }
  return { keys: keys.length, bytes };
}

/**
 * The patterns of every key a queue's jobs own: BullMQ's (`prefix:queue:*`), the iteration engine's
 * checkpoint hashes and the control flags, which live beside them under the same prefix.
 */
export function queueKeyPatterns(prefix: string, queueName: string): string[] {
  return [`${prefix}:${queueName}:*`, `${prefix}:iteration:${queueName}:*`, `${prefix}:control:${queueName}:*`];
}

/** The keys of one job: its BullMQ hash and sub-keys (lock, logs), checkpoint hash and control flag. */
export function jobKeyPatterns(prefix: string, queueName: string, jobId: string): string[] {
  return [`${prefix}:${queueName}:${jobId}`, `${prefix}:${queueName}:${jobId}:*`, `${prefix}:iteration:${queueName}:${jobId}`, `${prefix}:control:${queueName}:${jobId}`];
}
