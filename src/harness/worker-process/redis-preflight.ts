import { Redis } from 'ioredis';
import { isRedisAuthError } from 'resumable-jobs/runtime';
import { RedisCredentialsRefusedError } from './errors.js';

/**
 * Before a worker process starts its worker: one AUTH + PING. Refused credentials throw at once
 * (retrying with the same password can only fail again); an unreachable server is left to the
 * runtime, whose connections keep retrying until it is back.
 */
export async function assertRedisAcceptsCredentials(url: string, timeoutMs = 5_000): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
  let refused: Error | undefined;
  redis.on('error', (error: Error) => {
    if (isRedisAuthError(error)) refused = error;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    if (refused ?? isRedisAuthError(error)) throw new RedisCredentialsRefusedError();
  } finally {
    redis.disconnect();
  }
}
