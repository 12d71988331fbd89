import { setTimeout as sleep } from 'node:timers/promises';
import type { ExecutableJob, ExecutionContext, RedisConnection } from 'resumable-jobs/runtime';
import { ContinuableJob } from 'resumable-jobs/continuable';
import { IterationJob } from 'resumable-jobs/iteration';
import type { BuildEnumeratorOptions } from 'resumable-jobs/iteration';

/** Arguments of the paced jobs run in worker processes (sections 3 and 5). */
export interface PacedArgs {
  items: number;
  /** Each item's work: a sleep of this many ms (0: none). */
  workMs: number;
  /** If set, each item records itself as done with `SET doneKey i`: what a crash can be checked against. */
  doneKey?: string;
  /** If set, each item counts its executions with `HINCRBY countKey i 1`: items redone are counts above 1. */
  countKey?: string;
}

export interface PacedServices {
  redis: RedisConnection;
}

/** The event a paced job sends its parent at the first item of every execution. */
export const FIRST_ITEM_EVENT = 'bench.first-item';

/** Tells the parent (over the worker process's event channel) that an execution reached its first item. */
function announceFirstItem(jobId: string, item: number): void {
  if (process.connected) process.send?.({ type: 'lifecycle', name: FIRST_ITEM_EVENT, payload: { jobId, item } });
}

async function doItem(services: PacedServices, args: PacedArgs, item: number): Promise<void> {
  if (args.workMs > 0) await sleep(args.workMs);
  if (args.doneKey) await services.redis.set(args.doneKey, item);
  if (args.countKey) await services.redis.hincrby(args.countKey, String(item), 1);
}

/** A continuable job with paced items; resumes at once (no resume delay), checkpoints per its statics. */
export class PacedContinuable extends ContinuableJob<PacedArgs, PacedServices> {
  static jobName = 'bench.paced-continuable';
  static override resume = { delayMs: 0 };

  async perform(args: PacedArgs): Promise<void> {
    let first = true;
    await this.step<number>('items', async (step) => {
      for (let i = (step.cursor ?? -1) + 1; i < args.items; i++) {
        if (first) announceFirstItem(String(this.job.id), i);
        first = false;
        await doItem(this.services, args, i);
        await step.set(i);
      }
    });
  }
}

/** The same items on the iteration engine. */
export class PacedIteration extends IterationJob<PacedArgs, number, number, PacedServices> {
  static jobName = 'bench.paced-iteration';
  static override retryBackoffMs: number | undefined = 0;
  #first = true;

  buildEnumerator(args: PacedArgs, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.times(args.items, { cursor });
  }

  async eachIteration(item: number): Promise<void> {
    if (this.#first) announceFirstItem(String(this.context.job.id), item);
    this.#first = false;
    await doItem(this.services, this.args, item);
  }
}

/**
 * The same items as a plain BullMQ processor would run them: no checkpoint and no interruption check,
 * so a graceful close waits for the job, and a job cut short starts again from item 0.
 */
export class PacedPlain implements ExecutableJob {
  static jobName = 'bench.paced-plain';

  constructor(private readonly services: PacedServices) {}

  static jobData(args: PacedArgs): PacedArgs {
    return args;
  }

  async execute({ job }: ExecutionContext): Promise<void> {
    const args = job.data as PacedArgs;
    for (let i = 0; i < args.items; i++) {
      if (i === 0) announceFirstItem(String(job.id), i);
      await doItem(this.services, args, i);
    }
  }
}

/** Sets both engines' durable interval (continuable `checkpointEveryMs`, iteration `flushIntervalMs`); none given: their defaults. */
export function setDurableEvery(ms: number | undefined): void {
  PacedContinuable.checkpointEveryMs = ms ?? ContinuableJob.checkpointEveryMs;
  PacedIteration.flushIntervalMs = ms;
}
