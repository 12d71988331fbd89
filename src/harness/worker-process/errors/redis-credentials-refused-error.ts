/** Redis answered WRONGPASS/NOAUTH: the worker cannot run until REDIS_URL carries the right password. */
export class RedisCredentialsRefusedError extends Error {
  override readonly name = 'RedisCredentialsRefusedError';
  constructor() {
    super('Redis refused the credentials in REDIS_URL (WRONGPASS/NOAUTH); set the right password in the URL and start the worker again');
  }
}
