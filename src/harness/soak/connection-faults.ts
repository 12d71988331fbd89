import { connectRedis, scanTargets } from 'resumable-jobs/runtime';
import { withPg } from '../stack/pg-client.js';

/**
 * Drops every client connection of every Redis master except the one asking (CLIENT KILL TYPE normal
 * SKIPME yes): workers, queues and their blocking connections all see the socket close at once, as in
 * a network blip or a failover. Returns how many connections were killed. Everyone on the server is
 * hit: the soak uses it only where it cannot have a Redis user of its own (see soak-redis-user.ts).
 */
export async function killRedisClients(redisUrl: string): Promise<number> {
  const redis = connectRedis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
    let killed = 0;
    for (const node of scanTargets(redis)) {
      killed += Number(await node.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes'));
    }
    return killed;
  } finally {
    redis.disconnect();
  }
}

/**
 * Terminates every backend connected to `database` (pg_terminate_backend): statements in flight fail
 * with "terminating connection due to administrator command", open transactions roll back, pools
 * reconnect. Returns how many backends were terminated.
 */
export async function killPostgresBackends(adminUrl: string, database: string): Promise<number> {
  return withPg(adminUrl, async (client) => {
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n from (
         select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()
       ) terminated`,
      [database],
    );
    return rows[0]?.n ?? 0;
  });
}
