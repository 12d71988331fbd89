import type { Redis } from 'ioredis';
import { connectRedis, scanTargets } from 'resumable-jobs/runtime';
import { withPg } from '../stack/pg-client.js';

/**
 * Drops every client connection of every Redis master except the one asking (CLIENT KILL TYPE normal
 * SKIPME yes): workers, queues and their blocking connections all see the socket close at once, as in
 * a network blip or a failover. Returns how many connections were killed. Everyone on the server is
 * hit: the soak uses it only where it cannot have a Redis user of its own (see soak-redis-user.ts).
 */
export async function killRedisClients(redisUrl: string): Promise<number> {
  return sum(await onRedisNodes(redisUrl, 'master', (node) => node.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes')));
}

/** The same drop for one Redis user's connections only (CLIENT KILL USER); returns how many. */
export async function killRedisUserClients(adminUrl: string, user: string): Promise<number> {
  return sum(await onRedisNodes(adminUrl, 'master', (node) => node.call('CLIENT', 'KILL', 'USER', user)));
}

/** Runs `command` on each master (or every node) of the server or cluster at `url`, over a connection of its own. */
export async function onRedisNodes<T>(url: string, nodes: 'master' | 'all', command: (node: Redis) => Promise<T>): Promise<T[]> {
  const redis = connectRedis(url, { maxRetriesPerRequest: 1 });
  try {
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
    const targets = nodes === 'all' && 'nodes' in redis ? redis.nodes('all') : scanTargets(redis);
    return await Promise.all(targets.map((node) => command(node)));
  } finally {
    redis.disconnect();
  }
}

function sum(counts: unknown[]): number {
  return counts.reduce<number>((total, count) => total + Number(count), 0);
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
