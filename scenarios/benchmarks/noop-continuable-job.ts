import { ContinuableJob } from 'resumable-jobs/continuable';

export interface NoopJobArgs {
  items: number;
}

/**
 * A continuable job whose items do nothing: one step that moves its cursor over 0..items-1 with
 * `step.set(i)`, so each item costs only the engine's checkpoint (cursor check, interruption check,
 * and a durable write when `checkpointEveryMs` says so). Rails' default: no periodic writes.
 */
export class NoopContinuableJob extends ContinuableJob<NoopJobArgs> {
  static jobName = 'bench.noop-continuable';

  async perform(args: NoopJobArgs): Promise<void> {
    await this.step<number>('items', async (step) => {
      for (let i = (step.cursor ?? -1) + 1; i < args.items; i++) await step.set(i);
    });
  }
}

/** The same job, also writing its continuation to Redis at a checkpoint every 5 s. */
export class NoopContinuableJobEvery5s extends NoopContinuableJob {
  static override jobName = 'bench.noop-continuable-5s';
  static override checkpointEveryMs: number | false = 5_000;
}
