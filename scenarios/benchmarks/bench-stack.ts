import { Redis } from 'ioredis';
import { createOrm } from '../../src/domain/orm.js';
import { prepareSchema } from '../../src/domain/schema.js';
import { createScenarioDatabase } from '../../src/harness/stack/isolation/scenario-database.js';
import { scenarioPrefix } from '../../src/harness/stack/isolation/scenario-prefix.js';
import { startStack } from '../../src/harness/stack/stack-provider.js';
import type { Teardown } from './teardown.js';
import type { BenchStack } from './types.js';

/**
 * Redis and PostgreSQL for the benchmarks (REDIS_URL + DATABASE_URL, Docker, or local servers: see
 * startStack), with a database and a BullMQ prefix of the run's own, so a run on someone's servers
 * touches nothing else and leaves nothing behind. Every piece is handed to `teardown` as soon as it
 * exists, so an interrupted start is cleaned up too.
 */
export async function openBenchStack(teardown: Teardown): Promise<BenchStack> {
  const stack = await startStack();
  teardown.add('stopping the stack', () => stack.stop());

  const database = await createScenarioDatabase(stack.endpoints.databaseUrl, 'bench');
  teardown.add(`dropping database ${database.name}`, () => database.drop());

  const orm = await createOrm(database.url);
  teardown.add('closing the ORM', () => orm.close(true));
  await prepareSchema(orm);

  const prefix = scenarioPrefix('bench');
  // maxRetriesPerRequest null: BullMQ queues may share this connection.
  const redis = new Redis(stack.endpoints.redisUrl, { maxRetriesPerRequest: null });
  teardown.add('closing the Redis connection', () => redis.quit().catch(() => redis.disconnect()));
  teardown.add(`deleting Redis keys under ${prefix}`, () => deleteKeysUnder(redis, prefix));

  return { endpoints: stack.endpoints, databaseUrl: database.url, orm, redisUrl: stack.endpoints.redisUrl, prefix, redis };
}

/** SCAN, not KEYS: the Redis may be someone's shared server. */
async function deleteKeysUnder(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}
