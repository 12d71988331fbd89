import { IterationJob } from '../../src/iteration/iteration-job.js';
import type { BuildEnumeratorOptions } from '../../src/iteration/types.js';
import type { NoopJobArgs } from './noop-continuable-job.js';

/**
 * An iteration job whose items do nothing: `times(items)` with an empty eachIteration, so each item
 * costs only the engine (enumerator step, cursor checks, lifecycle event, shouldExit, and a flush of
 * the checkpoint hash every flushIntervalMs: 5 s by default, as Sidekiq).
 */
export class NoopIterationJob extends IterationJob<NoopJobArgs, number, number> {
  buildEnumerator(args: NoopJobArgs, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.times(args.items, { cursor });
  }

  eachIteration(): void {}
}

/** The same job, flushing its checkpoint every 200 ms. */
export class NoopIterationJobFlushEvery200Ms extends NoopIterationJob {
  static override flushIntervalMs: number | undefined = 200;
}
