import { LockLostError } from './errors.js';
import { RedisScript } from './redis-script.js';
import type { ExecutionContext } from './types.js';

// BullMQ's own updateData writes whoever calls it; this writes only for the holder of the job's lock.
const UPDATE_IF_LOCK_HELD = new RedisScript('updateDataIfLockHeld', `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
redis.call('HSET', KEYS[1], 'data', ARGV[2])
return 1`, 2);

/**
 * Replaces the running job's data (where continuable keeps its progress) only while this execution
 * still holds the job's lock. An execution whose lock was lost, and whose job BullMQ's stalled check
 * handed to another worker, may not have noticed yet; its write would move the newer execution's
 * progress backwards. It is refused with LockLostError instead, and the newer progress stands.
 */
export async function updateDataIfLockHeld(ctx: ExecutionContext, data: unknown): Promise<void> {
  const jobKey = `${ctx.prefix}:${ctx.queue.name}:${ctx.job.id}`;
  const written = await UPDATE_IF_LOCK_HELD.run(ctx.redis, [jobKey, `${jobKey}:lock`], [ctx.token, JSON.stringify(data)]);
  if (written !== 1) throw new LockLostError(String(ctx.job.id));
  ctx.job.data = data;
}
