import { scanTargets, type RedisConnection } from 'resumable-jobs/runtime';

/**
 * Every queue under a BullMQ prefix: BullMQ keeps a `<prefix>:<queue>:meta` hash per queue. SCAN,
 * never KEYS; on a cluster, on every master.
 */
export async function discoverQueues(redis: RedisConnection, prefix: string): Promise<string[]> {
  const found = new Set<string>();
  const head = `${prefix}:`;
  for (const node of scanTargets(redis)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${head}*:meta`, 'COUNT', 500);
      for (const key of keys) found.add(key.slice(head.length, -':meta'.length));
      cursor = next;
    } while (cursor !== '0');
  }
  return [...found].sort();
}
