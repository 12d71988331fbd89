import type { ExecutionContext } from '../runtime/types.js';
import { CheckpointStore } from './checkpoint-store.js';
import type { ParallelCursor } from './enumerators/parallel.js';
import { ParallelEnqueueError } from './errors.js';

/** The id of partition `instance`'s job: derived from the parent's, so a retried fan-out adds no duplicate. */
export function partitionJobId(parentId: string, instance: number, instances: number): string {
  return `${parentId}-part-${instance}-of-${instances}`;
}

/**
 * Enqueues one job per partition (job-iteration's `EnqueueJobs`): the parent's class (job name),
 * arguments (data), queue, priority and retry options, each starting at its own cursor. The cursor
 * is seeded into the child's checkpoint hash (only where none exists yet, so a retried fan-out never
 * rewinds a child that already made progress); the jobs are then added in one atomic bulk.
 */
export async function enqueuePartitions(ctx: ExecutionContext, jobName: string, instances: number, checkpointTtlMs: number): Promise<string[]> {
  const parent = ctx.job;
  const children = Array.from({ length: instances }, (_, instance) => {
    const cursor: ParallelCursor = { instance, instances, innerCursor: null };
    const jobId = partitionJobId(String(parent.id), instance, instances);
    return { jobId, cursor, key: CheckpointStore.keyFor(ctx.prefix, ctx.queue.name, jobId) };
  });
  const failures: string[] = [];
  for (const child of children) {
    try {
      await ctx.redis.multi().hsetnx(child.key, 'cursor', JSON.stringify(child.cursor)).pexpire(child.key, checkpointTtlMs).exec().then(firstError);
    } catch (error) {
      failures.push(`${child.jobId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (failures.length > 0) throw new ParallelEnqueueError(jobName, failures.length, instances, failures[0]!);
  const { priority, attempts, backoff } = parent.opts;
  await ctx.queue.addBulk(
    children.map(({ jobId }) => ({
      name: parent.name,
      data: parent.data,
      opts: { jobId, ...(priority ? { priority } : {}), ...(attempts ? { attempts } : {}), ...(backoff ? { backoff } : {}) },
    })),
  );
  return children.map(({ jobId }) => jobId);
}

function firstError(replies: [Error | null, unknown][] | null): void {
  const failed = replies?.find(([error]) => error)?.[0];
  if (failed) throw failed;
}
