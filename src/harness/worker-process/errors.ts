/**
 * The worker process harness's named errors: a worker that could not start or did not do what a
 * scenario waited for, and a Redis that refused its credentials.
 */

/** Redis answered WRONGPASS/NOAUTH: the worker cannot run until REDIS_URL carries the right password. */
export class RedisCredentialsRefusedError extends Error {
  override readonly name = 'RedisCredentialsRefusedError';
  constructor() {
    super('Redis refused the credentials in REDIS_URL (WRONGPASS/NOAUTH); set the right password in the URL and start the worker again');
  }
}

/** A worker process could not be started or did not do what a scenario waited for. */
export class WorkerProcessError extends Error {
  override readonly name = 'WorkerProcessError';
}
