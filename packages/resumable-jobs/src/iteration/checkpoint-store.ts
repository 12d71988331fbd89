import { onEngineKey } from '../runtime/engine-key-type.js';
import { loggerFor } from '../runtime/logger.js';
import type { RedisConnection } from '../runtime/redis-connection.js';
import { RedisScript } from '../runtime/redis-script.js';
import { decodeCheckpoint, emptyCheckpoint, encodeCheckpoint } from './checkpoint-codec.js';
import { CheckpointSupersededError } from './errors.js';
import type { BegunExecution, CheckpointState } from './types.js';

// Writes only while the hash still says this execution is the latest one (see CheckpointSupersededError).
const FLUSH_IF_OWNER = new RedisScript('iterationFlushIfOwner', `
if tonumber(redis.call('HGET', KEYS[1], 'executions') or '-1') ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`, 1);

// A hash stamped by another job (an earlier one with the same id, since removed) is not this job's:
// deleted, then the hash is read. No hash (a job's first execution, the common case): nothing to
// validate, so the execution is counted here too, as BEGIN would. Answers { discarded (0/1), HGETALL's
// fields, the execution counted (0: not counted, the client validates the fields and runs BEGIN) }.
const DISCARD_OTHER_JOB_THEN_READ = new RedisScript('iterationDiscardOtherJobThenRead', `
local discarded = 0
local stamp = redis.call('HGET', KEYS[1], 'job')
if ARGV[1] ~= '' and stamp and stamp ~= ARGV[1] then redis.call('DEL', KEYS[1]) discarded = 1 end
local fields = redis.call('HGETALL', KEYS[1])
if #fields > 0 then return { discarded, fields, 0 } end
redis.call('HSET', KEYS[1], 'executions', 1)
if ARGV[1] ~= '' then redis.call('HSET', KEYS[1], 'job', ARGV[1]) end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return { discarded, fields, 1 }`, 1);

// Counts the execution and stamps the hash in one script: a refused write (Redis full) leaves the
// hash as it was, never half-written.
const BEGIN = new RedisScript('iterationBegin', `
local executions = redis.call('HINCRBY', KEYS[1], 'executions', 1)
if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'job', ARGV[2]) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return executions`, 1);

const DELETE_IF_OWNER = new RedisScript('iterationDeleteIfOwner', `
if tonumber(redis.call('HGET', KEYS[1], 'executions') or '-1') ~= tonumber(ARGV[1]) then return 0 end
redis.call('DEL', KEYS[1])
return 1`, 1);

/**
 * The crash-safe progress of one iteration job (Sidekiq 7.3 IterableJob's `it-<jid>` hash): a Redis
 * hash keyed by queue and job id that holds the cursor of the last completed item and the counters.
 * The job's BullMQ data never changes. Every write refreshes the TTL (Sidekiq sets it once, with NX,
 * so a job running longer than the TTL could lose its state); completion deletes the hash.
 *
 * The hash is stamped with the job's creation time (`job`), so a job that reuses the id of an
 * earlier, removed job (a queue obliterated, a job removed) never resumes from that job's cursor.
 * A hash without a stamp (seeded by an operator) is accepted and stamped. The key starts with the
 * BullMQ prefix, so with a hash-tag prefix (`{app}`) it lives in the job's Redis Cluster slot.
 */
export class CheckpointStore {
  constructor(
    private readonly redis: RedisConnection,
    readonly key: string,
    private readonly ttlMs: number,
    /** Which job owns the hash: its creation timestamp (stable across retries and moves). */
    private readonly jobStamp?: string,
  ) {}

  static keyFor(prefix: string, queueName: string, jobId: string): string {
    return `${prefix}:iteration:${queueName}:${jobId}`;
  }

  async read(): Promise<CheckpointState | undefined> {
    return decodeCheckpoint(this.key, await this.onKey(() => this.redis.hgetall(this.key)));
  }

  /**
   * Reads and validates the hash (first deleting it if an earlier job with this id left it), then
   * counts this execution in it. Counting at the start (not at the first flush) means a crash before
   * any flush still leaves "this job ran", so the next execution calls onResume, not onStart again.
   * A job's first execution finds no hash and takes one round trip; a resumed one, whose hash is
   * validated here before it is counted, two. A hash that fails validation is left as it was, uncounted.
   */
  async begin(): Promise<BegunExecution> {
    const [discardedFlag, flat, countedHere] = (await this.onKey(() =>
      DISCARD_OTHER_JOB_THEN_READ.run(this.redis, [this.key], [this.jobStamp ?? '', String(this.ttlMs)]),
    )) as [number, string[], number];
    const discarded = discardedFlag === 1;
    if (discarded) {
      loggerFor('iteration').warn({ key: this.key }, `checkpoint ${this.key} belonged to an earlier job with this id; deleted it, this job starts from its beginning`);
    }
    const previous = decodeCheckpoint(this.key, fieldsOf(flat));
    const executions = countedHere === 1 ? 1 : await this.onKey(() => BEGIN.run(this.redis, [this.key], [String(this.ttlMs), this.jobStamp ?? '']));
    return { previous, discarded, state: { ...(previous ?? emptyCheckpoint()), executions: Number(executions) } };
  }

  /** Writes cursor and counters; throws CheckpointSupersededError if another execution took over. */
  async flush(state: CheckpointState, runtimeMs: number): Promise<void> {
    const written = await this.onKey(() =>
      FLUSH_IF_OWNER.run(this.redis, [this.key], [String(state.executions), String(this.ttlMs), ...encodeCheckpoint(state, runtimeMs)]),
    );
    if (written !== 1) throw new CheckpointSupersededError(this.key, state.executions);
  }

  /** Deletes the hash on completion, unless a newer execution owns it. */
  async delete(execution: number): Promise<void> {
    await this.onKey(() => DELETE_IF_OWNER.run(this.redis, [this.key], [String(execution)]));
  }

  private onKey<T>(command: () => Promise<T>): Promise<T> {
    return onEngineKey(this.redis, this.key, 'hash', command);
  }
}

/** HGETALL's reply as a script returns it (name, value, name, value, ...), as a record. */
function fieldsOf(flat: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]!] = flat[i + 1]!;
  return fields;
}
