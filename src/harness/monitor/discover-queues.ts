import type { Redis } from 'ioredis';

/** Every queue under a BullMQ prefix: BullMQ keeps a `<prefix>:<queue>:meta` hash per queue. SCAN, never KEYS. */
export async function discoverQueues(redis: Redis, prefix: string): Promise<string[]> {
  const found = new Set<string>();
  const head = `${prefix}:`;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${head}*:meta`, 'COUNT', 500);
    for (const key of keys) found.add(key.slice(head.length, -':meta'.length));
    cursor = next;
  } while (cursor !== '0');
  return [...found].sort();
}
