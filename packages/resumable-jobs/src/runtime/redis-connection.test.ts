import { Cluster, Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { ClusterPrefixError } from './errors.js';
import { connectRedis, hasHashTag, isClusterUrl } from './redis-connection.js';
import { Runtime } from './runtime.js';

describe('Redis connections: one server or a cluster, from the URL', () => {
  it('reads redis+cluster:// and rediss+cluster:// as a cluster, anything else as one server', () => {
    expect(isClusterUrl('redis+cluster://127.0.0.1:7000')).toBe(true);
    expect(isClusterUrl('REDISS+CLUSTER://user:pw@host:7000')).toBe(true);
    expect(isClusterUrl('redis://127.0.0.1:6379/2')).toBe(false);
    expect(isClusterUrl('rediss://host:6380')).toBe(false);
  });

  it('opens an ioredis Cluster seeded with the URL node and its credentials, or a plain client', () => {
    const cluster = connectRedis('redis+cluster://app:s3cret@127.0.0.1:7000', { lazyConnect: true });
    const single = connectRedis('redis://127.0.0.1:6379', { lazyConnect: true });
    try {
      expect(cluster).toBeInstanceOf(Cluster);
      expect((cluster as Cluster).options.redisOptions).toMatchObject({ username: 'app', password: 's3cret' });
      expect(single).toBeInstanceOf(Redis);
    } finally {
      cluster.disconnect();
      single.disconnect();
    }
  });

  it('knows a hash-tag prefix, which keeps all of a job\'s keys in one slot', () => {
    expect(hasHashTag('{demo}')).toBe(true);
    expect(hasHashTag('{rj:orders:1a2b}')).toBe(true);
    expect(hasHashTag('app:{demo}')).toBe(true);
    expect(hasHashTag('demo')).toBe(false);
    expect(hasHashTag('{}demo')).toBe(false);
  });

  it('refuses a runtime on a cluster whose prefix has no hash tag, saying how to write one', () => {
    expect(() => new Runtime({ redisUrl: 'redis+cluster://127.0.0.1:7000', prefix: 'demo', services: {} })).toThrow(ClusterPrefixError);
    expect(() => new Runtime({ redisUrl: 'redis+cluster://127.0.0.1:7000', prefix: 'demo', services: {} })).toThrow(/e\.g\. "\{demo\}"/);
  });
});
