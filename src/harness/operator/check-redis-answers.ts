import { connectRedis, isClusterUrl, validateRedisUrl } from 'resumable-jobs/runtime';
import { redactSecrets } from 'resumable-jobs/runtime';

/**
 * Pings Redis once, without retries, in the database the URL selects (a Redis Cluster through its
 * seed node: it has database 0 only); resolves to the failure reason, or undefined when it answered.
 * A malformed URL throws InvalidConnectionUrlError first.
 */
export async function checkRedisAnswers(url: string, timeoutMs = 3_000, variable = 'REDIS_URL'): Promise<string | undefined> {
  const { db } = validateRedisUrl(url, variable);
  const cluster = isClusterUrl(url);
  const redis = connectRedis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let lastError: Error | undefined;
  // Without a listener ioredis prints connection errors itself; we report them in one line instead.
  redis.on('error', (error: Error) => {
    lastError = error;
  });
  try {
    await redis.connect();
    const answer = await redis.ping();
    if (answer !== 'PONG') return `unexpected answer to PING: ${answer}`;
    if (cluster) return undefined;
    // ioredis' own SELECT on connect fails quietly and leaves the connection on database 0.
    const selected = await redis.select(db).catch((error: Error) => error);
    if (selected instanceof Error) {
      return `${variable} selects database ${db}, which this server refuses (${selected.message}); use a number below its "databases" setting (16 by default)`;
    }
    return undefined;
  } catch (error) {
    return redactSecrets((lastError ?? (error as Error)).message || 'connection failed');
  } finally {
    redis.disconnect();
  }
}
