import { requeue } from 'resumable-jobs/runtime';
import type { ExecutableJob, ExecutionContext } from 'resumable-jobs/runtime';

export interface CountingData {
  total: number;
  /** Last number done; written on interrupt and every `saveEvery` items. */
  cursor: number;
  saveEvery: number;
  delayMs: number;
}

export const doneListKey = (prefix: string, jobId: string) => `${prefix}:done:${jobId}`;

/**
 * A job written straight on the runtime, with no engine: counts to `total`, appending each number
 * to a Redis list (the ledger of these scenarios), checking the interruption after every number.
 */
export class CountingJob implements ExecutableJob {
  static jobData(args: unknown): CountingData {
    return { cursor: 0, saveEvery: 10, delayMs: 10, ...(args as Partial<CountingData>), total: (args as CountingData).total };
  }

  async execute(ctx: ExecutionContext<CountingData>): Promise<number> {
    const data = ctx.job.data;
    let items = 0;
    for (let n = data.cursor + 1; n <= data.total; n++) {
      if (data.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, data.delayMs));
      await ctx.redis.rpush(doneListKey(ctx.prefix, String(ctx.job.id)), n);
      items++;
      if (n % data.saveEvery === 0) await ctx.job.updateData({ ...data, cursor: n });
      const reason = ctx.interruption.check({ items, cursor: n });
      if (reason && n < data.total) await requeue(ctx as ExecutionContext, { delayMs: 0, data: { ...data, cursor: n } });
    }
    return data.total;
  }
}
