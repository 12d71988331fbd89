import { describe, expect, it } from 'vitest';
import type { RedisConnection } from '../runtime/redis-connection.js';
import { CorruptCheckpointError } from './errors.js';
import { readIterationProgress } from './progress.js';

/** Just the two reads the reader makes, answered from memory. */
function redisHolding(hash: Record<string, string>, pttl: number): RedisConnection {
  return { hgetall: async () => hash, pttl: async () => pttl } as unknown as RedisConnection;
}
const at = { prefix: 'p', queueName: 'q', jobId: '9' };

describe('readIterationProgress: what an iteration job has stored, for a CLI or monitor', () => {
  it('reads the checkpoint hash: cursor, counters and when it expires', async () => {
    const redis = redisHolding({ cursor: '[3,17]', executions: '4', interruptions: '2', failures: '1', throttles: '0', runtimeMs: '1500', flushes: '6' }, 60_000);
    expect(await readIterationProgress({ redis, ...at })).toEqual({
      engine: 'iteration',
      jobId: '9',
      key: 'p:iteration:q:9',
      stored: true,
      cursor: [3, 17],
      executions: 4,
      interruptions: 2,
      failures: 1,
      throttles: 0,
      runtimeMs: 1500,
      flushes: 6,
      writes: 6,
      expiresInMs: 60_000,
    });
  });

  it('reads no hash as nothing stored', async () => {
    expect(await readIterationProgress({ redis: redisHolding({}, -2), ...at })).toMatchObject({ stored: false, cursor: undefined, executions: 0, expiresInMs: undefined });
  });

  it('refuses a hash the engine would refuse', async () => {
    await expect(readIterationProgress({ redis: redisHolding({ cursor: '{nope' }, 1), ...at })).rejects.toThrow(CorruptCheckpointError);
  });
});
