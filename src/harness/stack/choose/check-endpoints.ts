import { connectRedis } from 'resumable-jobs/runtime';
import { DatabaseUserCannotCreateDatabasesError, StackEndpointUnreachableError } from '../errors.js';
import { withPg } from '../pg-client.js';
import { redactUrl } from '../redact-url.js';
import type { StackEndpoints } from '../types.js';

/**
 * Fails once, clearly, before any scenario runs: Redis answers PING, PostgreSQL answers a query,
 * and its user may create the per-scenario databases.
 */
export async function checkStackEndpoints(endpoints: StackEndpoints): Promise<void> {
  await Promise.all([checkRedis(endpoints.redisUrl), checkPostgres(endpoints.databaseUrl)]);
}

async function checkRedis(url: string): Promise<void> {
  const redis = connectRedis(url, {
    lazyConnect: true,
    connectTimeout: 5_000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined); // reported through the rejected promise below
  try {
    await redis.connect();
    const answer = await redis.ping();
    if (answer !== 'PONG') throw new Error(`PING answered ${answer}`);
  } catch (error) {
    throw new StackEndpointUnreachableError('Redis', redactUrl(url), error);
  } finally {
    redis.disconnect();
  }
}

async function checkPostgres(url: string): Promise<void> {
  let role: { user: string; canCreate: boolean } | undefined;
  try {
    role = await withPg(url, async (client) => {
      const { rows } = await client.query<{ user: string; can_create: boolean }>(
        'select current_user as user, (rolsuper or rolcreatedb) as can_create from pg_roles where rolname = current_user',
      );
      return { user: rows[0]!.user, canCreate: rows[0]!.can_create };
    });
  } catch (error) {
    throw new StackEndpointUnreachableError('PostgreSQL', redactUrl(url), error);
  }
  if (!role.canCreate) throw new DatabaseUserCannotCreateDatabasesError(role.user, redactUrl(url));
}
