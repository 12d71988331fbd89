/** STACK_REDIS holds something other than a known Redis topology. */
export class InvalidStackRedisError extends Error {
  override readonly name = 'InvalidStackRedisError';
  constructor(value: string) {
    super(`STACK_REDIS=${JSON.stringify(value)} is not a Redis topology: use single or cluster, or unset STACK_REDIS.`);
  }
}
