import type { RedisConnection } from './redis-connection.js';

type ScriptCommand = (...keysThenArgs: (string | number)[]) => Promise<unknown>;

/**
 * A Lua script the engines run on every job (begin, flush, delete, guarded writes), sent the way
 * BullMQ sends its own: as an ioredis command defined on the connection (`defineCommand`), which
 * sends the script's text once per socket (EVAL) and its SHA1 after that (EVALSHA), so a call carries
 * a few bytes instead of the script and Redis does not hash the text at every call. A reconnection
 * (a restarted Redis knows no script) sends the text again first; a NOSCRIPT reply is retried with it.
 * The command is defined under a name of ours (`resumableJobs:<name>`) on first use, on your
 * connection too if you passed one, as BullMQ defines its commands on it.
 */
export class RedisScript {
  private readonly command: string;

  constructor(
    name: string,
    private readonly lua: string,
    private readonly numberOfKeys: number,
  ) {
    this.command = `resumableJobs:${name}`;
  }

  /** Runs the script with `keys` (exactly `numberOfKeys` of them) and `args`; answers its reply. */
  run(redis: RedisConnection, keys: readonly string[], args: readonly (string | number)[] = []): Promise<unknown> {
    if (keys.length !== this.numberOfKeys) throw new RangeError(`script ${this.command} takes ${this.numberOfKeys} keys, got ${keys.length}`);
    const commands = redis as unknown as Record<string, ScriptCommand | undefined>;
    if (commands[this.command] === undefined) redis.defineCommand(this.command, { numberOfKeys: this.numberOfKeys, lua: this.lua });
    return commands[this.command]!(...keys, ...args);
  }
}
