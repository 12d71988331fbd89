import { Cluster, Redis, type RedisOptions } from 'ioredis';

/**
 * One Redis connection type for the runtime, the engines and every tool around them: a single server
 * (`redis://` / `rediss://`) or a Redis Cluster (`redis+cluster://` / `rediss+cluster://`, naming one
 * seed node; ioredis discovers the others). Both answer the same commands; what differs is where keys
 * live, so on a cluster every key of one job must hash to one slot: use a hash-tag prefix (`{demo}`).
 */
export type RedisConnection = Redis | Cluster;

const CLUSTER_PROTOCOLS: Record<string, string> = { 'redis+cluster:': 'redis:', 'rediss+cluster:': 'rediss:' };

/** True for a `redis+cluster://` or `rediss+cluster://` URL. */
export function isClusterUrl(url: string): boolean {
  const protocol = /^[a-z+]+:/i.exec(url.trim())?.[0]?.toLowerCase();
  return protocol !== undefined && protocol in CLUSTER_PROTOCOLS;
}

/**
 * Opens a connection for `url`. Options apply to every node of a cluster. BullMQ needs
 * `maxRetriesPerRequest: null` on connections it blocks on; the runtime passes it.
 */
export function connectRedis(url: string, options: RedisOptions = {}): RedisConnection {
  if (!isClusterUrl(url)) return new Redis(url, options);
  const seed = new URL(url.trim().replace(/^[a-z+]+:/i, (protocol) => CLUSTER_PROTOCOLS[protocol.toLowerCase()]!));
  const auth = {
    ...(seed.username ? { username: decodeURIComponent(seed.username) } : {}),
    ...(seed.password ? { password: decodeURIComponent(seed.password) } : {}),
  };
  const { lazyConnect, enableOfflineQueue, retryStrategy, ...nodeOptions } = options;
  return new Cluster([{ host: seed.hostname, port: Number(seed.port || 6379) }], {
    redisOptions: { ...nodeOptions, ...auth, ...(seed.protocol === 'rediss:' ? { tls: {} } : {}) },
    // These three belong to the cluster client itself, not to its per-node connections.
    lazyConnect,
    enableOfflineQueue: enableOfflineQueue ?? true,
    ...(retryStrategy ? { clusterRetryStrategy: retryStrategy } : {}),
  });
}

/** The masters of a cluster, or the one server: where a SCAN must run to see every key. */
export function scanTargets(connection: RedisConnection): Redis[] {
  return connection instanceof Cluster ? connection.nodes('master') : [connection];
}

/** True if every key under `prefix` lands in one cluster slot: the prefix is, or starts with, a hash tag. */
export function hasHashTag(prefix: string): boolean {
  return /^[^{]*\{[^}]+\}/.test(prefix);
}
