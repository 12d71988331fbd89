import { createHash } from 'node:crypto';
import type { RedisConnection } from './redis-connection.js';

/**
 * A Lua script the engines run on every job (begin, flush, delete, guarded writes): sent by its SHA1
 * with EVALSHA, so a call carries a few bytes instead of the script's text and Redis does not hash
 * the text again at every call. A server that does not know the script yet (first use, a restart, a
 * SCRIPT FLUSH, another cluster node) answers NOSCRIPT, and the call is sent once more as EVAL, which
 * also loads it: that one call takes one more round trip. BullMQ runs its own scripts the same way.
 * The connection is left as it is (no `defineCommand` on a connection that may be yours).
 */
export class RedisScript {
  private readonly sha: string;

  constructor(
    private readonly lua: string,
    private readonly numberOfKeys: number,
  ) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  /** Runs the script with `keys` (exactly `numberOfKeys` of them) and `args`; answers its reply. */
  async run(redis: RedisConnection, keys: readonly string[], args: readonly (string | number)[] = []): Promise<unknown> {
    if (keys.length !== this.numberOfKeys) throw new RangeError(`this script takes ${this.numberOfKeys} keys, got ${keys.length}`);
    try {
      return await redis.evalsha(this.sha, this.numberOfKeys, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.lua, this.numberOfKeys, ...keys, ...args);
    }
  }
}
