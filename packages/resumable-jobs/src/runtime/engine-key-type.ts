import type { RedisConnection } from './redis-connection.js';
import { EngineKeyWrongTypeError } from './errors.js';

/**
 * Runs a command on one engine key; a WRONGTYPE reply becomes EngineKeyWrongTypeError naming the
 * key and what it holds, instead of Redis' bare "Operation against a key holding the wrong kind".
 */
export async function onEngineKey<T>(redis: RedisConnection, key: string, expected: 'hash' | 'string', command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('WRONGTYPE')) throw error;
    const actual = await redis.type(key).catch(() => 'value of another type');
    throw new EngineKeyWrongTypeError(key, expected, actual);
  }
}
