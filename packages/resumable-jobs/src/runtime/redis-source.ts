import { Redis, type RedisOptions } from 'ioredis';
import { validateRedisUrl } from './connection-url.js';
import { ClusterPrefixError, RedisSourceError } from './errors.js';
import { connectRedis, hasHashTag, isClusterUrl, type RedisConnection } from './redis-connection.js';

/**
 * Where the runtime (or a producer) gets Redis from: exactly one of
 * - `redisUrl`: `redis://host:port/db`, or `redis+cluster://host:port` (one seed node) for a cluster;
 * - `connection`: your own ioredis `Redis` or `Cluster` instance (shared, never closed by us: you
 *   close it after `runtime.close()`), or ioredis `RedisOptions` (we open the connection and close it).
 * A connection a worker blocks on needs `maxRetriesPerRequest: null`; we set it on connections we open.
 */
export interface RedisSource {
  redisUrl?: string;
  connection?: RedisConnection | RedisOptions;
}

/** An open connection and whether closing it is ours to do. */
export interface OpenedRedis {
  redis: RedisConnection;
  /** true: we opened it and close it; false: it was passed in and stays open. */
  owned: boolean;
}

/** True for an ioredis client (Redis or Cluster), whichever copy of ioredis made it. */
export function isRedisClient(value: unknown): value is RedisConnection {
  return typeof value === 'object' && value !== null && typeof (value as RedisConnection).duplicate === 'function' && typeof (value as RedisConnection).quit === 'function';
}

/** Opens (or adopts) the connection a RedisSource names; on a cluster the prefix must hold a hash tag. */
export function openRedisSource(source: RedisSource, prefix: string): OpenedRedis {
  if ((source.redisUrl === undefined) === (source.connection === undefined)) {
    throw new RedisSourceError(source.redisUrl === undefined ? 'neither redisUrl nor connection is set' : 'both redisUrl and connection are set');
  }
  if (source.redisUrl !== undefined) {
    validateRedisUrl(source.redisUrl);
    // On a cluster every key of a job (BullMQ's, its control flag, its checkpoint hash) must share one
    // slot, and all of them start with the prefix: a hash tag there is what makes that so.
    if (isClusterUrl(source.redisUrl) && !hasHashTag(prefix)) throw new ClusterPrefixError(prefix);
    return { redis: connectRedis(source.redisUrl, { maxRetriesPerRequest: null }), owned: true };
  }
  const connection = source.connection!;
  if (isRedisClient(connection)) {
    if (connection.isCluster && !hasHashTag(prefix)) throw new ClusterPrefixError(prefix);
    return { redis: connection, owned: false };
  }
  if (typeof connection !== 'object' || connection === null) throw new RedisSourceError(`connection is ${typeof connection}, not an ioredis instance or options`);
  return { redis: new Redis({ ...connection, maxRetriesPerRequest: null }), owned: true };
}
