import { Redis } from 'ioredis';

/** Pings Redis once, without retries; resolves to the failure reason, or undefined when it answered. */
export async function checkRedisAnswers(url: string, timeoutMs = 3_000): Promise<string | undefined> {
  const redis = new Redis(url, {
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
    return answer === 'PONG' ? undefined : `unexpected answer to PING: ${answer}`;
  } catch (error) {
    return (lastError ?? (error as Error)).message || 'connection failed';
  } finally {
    redis.disconnect();
  }
}
