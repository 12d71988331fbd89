import { IterationJob } from 'resumable-jobs/iteration';
import type { BuildEnumeratorOptions } from 'resumable-jobs/iteration';
import type { NoopJobArgs } from './noop-continuable-job.js';

/**
 * An iteration job whose items do nothing: `times(items)` with an empty eachIteration, so each item
 * costs only the engine (enumerator step, cursor checks, shouldExit, and a flush of the checkpoint
 * hash every flushIntervalMs: 5 s by default, as Sidekiq).
 */
export class NoopIterationJob extends IterationJob<NoopJobArgs, number, number> {
  static jobName = 'bench.noop-iteration';

  buildEnumerator(args: NoopJobArgs, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.times(args.items, { cursor });
  }

  eachIteration(): void {}
}
