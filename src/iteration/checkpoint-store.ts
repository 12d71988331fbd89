import type { RedisConnection } from '../runtime/redis-connection.js';
import { decodeCheckpoint, emptyCheckpoint, encodeCheckpoint } from './checkpoint-codec.js';
import { CheckpointSupersededError } from './errors.js';
import type { BegunExecution, CheckpointState } from './types.js';

// Writes only while the hash still says this execution is the latest one (see CheckpointSupersededError).
const FLUSH_IF_OWNER = `
if tonumber(redis.call('HGET', KEYS[1], 'executions') or '-1') ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

const DELETE_IF_OWNER = `
if tonumber(redis.call('HGET', KEYS[1], 'executions') or '-1') ~= tonumber(ARGV[1]) then return 0 end
redis.call('DEL', KEYS[1])
return 1`;

/**
 * The crash-safe progress of one iteration job (Sidekiq 7.3 IterableJob's `it-<jid>` hash): a Redis
 * hash keyed by queue and job id that holds the cursor of the last completed item and the counters.
 * The job's BullMQ data never changes. Every write refreshes the TTL (Sidekiq sets it once, with NX,
 * so a job running longer than the TTL could lose its state); completion deletes the hash.
 */
export class CheckpointStore {
  constructor(
    private readonly redis: RedisConnection,
    readonly key: string,
    private readonly ttlMs: number,
  ) {}

  static keyFor(prefix: string, queueName: string, jobId: string): string {
    return `${prefix}:iteration:${queueName}:${jobId}`;
  }

  async read(): Promise<CheckpointState | undefined> {
    return decodeCheckpoint(this.key, await this.redis.hgetall(this.key));
  }

  /**
   * Reads and validates the hash, then counts this execution in it. Counting at the start (not at the
   * first flush) means a crash before any flush still leaves "this job ran", so the next execution
   * calls onResume, not onStart again.
   */
  async begin(): Promise<BegunExecution> {
    const previous = await this.read();
    const [[incrError, executions] = [], [expireError] = []] =
      (await this.redis.multi().hincrby(this.key, 'executions', 1).pexpire(this.key, this.ttlMs).exec()) ?? [];
    if (incrError || expireError) throw incrError ?? expireError;
    return { previous, state: { ...(previous ?? emptyCheckpoint()), executions: Number(executions) } };
  }

  /** Writes cursor and counters; throws CheckpointSupersededError if another execution took over. */
  async flush(state: CheckpointState, runtimeMs: number): Promise<void> {
    const written = await this.redis.eval(
      FLUSH_IF_OWNER, 1, this.key, String(state.executions), String(this.ttlMs), ...encodeCheckpoint(state, runtimeMs),
    );
    if (written !== 1) throw new CheckpointSupersededError(this.key, state.executions);
  }

  /** Deletes the hash on completion, unless a newer execution owns it. */
  async delete(execution: number): Promise<void> {
    await this.redis.eval(DELETE_IF_OWNER, 1, this.key, String(execution));
  }
}
