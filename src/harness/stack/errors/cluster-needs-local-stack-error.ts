/** STACK_REDIS=cluster was asked of a mode that cannot start a cluster. */
export class ClusterNeedsLocalStackError extends Error {
  override readonly name = 'ClusterNeedsLocalStackError';
  constructor(mode: 'external' | 'containers') {
    super(
      `STACK_REDIS=cluster starts a local Redis Cluster, which the ${mode} mode cannot do: ` +
        (mode === 'external'
          ? 'for a cluster of your own set REDIS_URL=redis+cluster://host:port and unset STACK_REDIS, or unset REDIS_URL and DATABASE_URL.'
          : 'use STACK=local (redis-server, redis-cli and PostgreSQL binaries), or unset STACK_REDIS.'),
    );
  }
}
